package dev.charlm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.charlm.CharLmApplication;
import dev.charlm.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The training gauges as Prometheus scrapes them: a series is absent until its value exists (a queued
 * job has a step but no loss; a job has no validation before its first evaluation), never NaN, and a
 * restarted service shows the restored models' series at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrainingMetricsTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.jobs.concurrency", () -> "1");
    }

    @LocalServerPort
    int port;

    @Test
    void aSeriesIsAbsentUntilItHasAValueAndNeverNaN() {
        Http http = new Http(port);
        // a long job holds the only training thread, so the second one waits in the queue with no progress at all
        String running = http.submit("""
                {"corpus": "tinyshakespeare", "cell": "gru", "hiddenSize": 32, "seqLength": 16, "batchSize": 4, "epochs": 100}
                """);
        awaitStep(http, running);
        String queued = http.submit("""
                {"corpus": "dinos", "cell": "gru", "hiddenSize": 16, "seqLength": 16, "batchSize": 8, "epochs": 2}
                """);
        assertThat(http.json(http.get("/models/" + queued)).get("status").asString()).isEqualTo("QUEUED");

        String scrape = scrape(http);
        assertThat(nanSeries(scrape)).isEmpty();
        assertThat(value(scrape, "charlm_training_step", queued, null)).isEqualTo(0.0);
        assertThat(value(scrape, "charlm_training_progress_ratio", queued, null)).isEqualTo(0.0);
        for (String name : List.of("charlm_training_perplexity", "charlm_training_loss", "charlm_training_chars_per_second")) {
            assertThat(scrape).as(name + " of a queued job").doesNotContainPattern(name + "\\{[^}]*model=\"" + queued + "\"");
        }

        // the long job stops before its first evaluation (an epoch of tinyshakespeare is thousands of steps)
        http.send("POST", "/models/" + running + "/cancel", null, null, "application/json");
        JsonNode cancelled = http.awaitStatus("/models/" + running, Duration.ofSeconds(30), "CANCELLED");
        assertThat(cancelled.get("progress").has("trainLoss")).isTrue();
        assertThat(cancelled.get("progress").has("validationLoss")).isFalse();
        JsonNode done = http.awaitStatus("/models/" + queued, Duration.ofSeconds(60), "COMPLETED", "FAILED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");

        scrape = scrape(http);
        assertThat(nanSeries(scrape)).isEmpty();
        assertSeriesMatchProgress(scrape, cancelled);
        assertSeriesMatchProgress(scrape, done);
        assertThat(find(scrape, "charlm_training_perplexity", running, "train")).isNotNull();
        assertThat(find(scrape, "charlm_training_perplexity", running, "validation")).isNull();
        assertThat(value(scrape, "charlm_training_perplexity", queued, "validation"))
                .isCloseTo(done.get("progress").get("validationPerplexity").asDouble(), within(1e-9));

        // a second service on the same data directory registers the restored models' series at start-up
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(CharLmApplication.class)
                .run("--server.port=0", "--charlm.data-dir=" + data, "--charlm.bootstrap.enabled=false")) {
            String restored = scrape(new Http(second.getEnvironment().getProperty("local.server.port", Integer.class)));
            assertThat(nanSeries(restored)).isEmpty();
            assertSeriesMatchProgress(restored, cancelled);
            assertSeriesMatchProgress(restored, done);
        }

        // deleting a model removes its series
        assertThat(http.send("DELETE", "/models/" + running, null, null, null).statusCode()).isEqualTo(204);
        assertThat(scrape(http)).doesNotContain("model=\"" + running + "\"");
    }

    /** Each per-model series of a finished job is in the scrape exactly when the job's progress has its value. */
    private static void assertSeriesMatchProgress(String scrape, JsonNode model) {
        String id = model.get("id").asString();
        JsonNode p = model.get("progress");
        record Series(String name, String split, String field) {
        }
        for (Series s : List.of(new Series("charlm_training_perplexity", "train", "trainPerplexity"),
                new Series("charlm_training_perplexity", "validation", "validationPerplexity"),
                new Series("charlm_training_loss", "train", "trainLoss"),
                new Series("charlm_training_loss", "validation", "validationLoss"),
                new Series("charlm_training_chars_per_second", null, "charsPerSecond"),
                new Series("charlm_training_step", null, "step"),
                new Series("charlm_training_epoch", null, "epoch"),
                new Series("charlm_training_progress_ratio", null, "progress"))) {
            Double scraped = find(scrape, s.name(), id, s.split());
            String what = s.name() + " " + (s.split() == null ? "" : s.split() + " ") + "of " + id + ", progress " + p;
            if (p.has(s.field())) {
                assertThat(scraped).as(what).isNotNull().isCloseTo(p.get(s.field()).asDouble(), within(1e-9));
            } else {
                assertThat(scraped).as(what).isNull();
            }
        }
    }

    private static void awaitStep(Http http, String id) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (http.json(http.get("/models/" + id)).get("progress").get("step").asLong() == 0) {
            assertThat(System.nanoTime()).as(id + " trained no step in 30 s").isLessThan(end);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static String scrape(Http http) {
        return http.send("GET", "/actuator/prometheus", null, null, "text/plain").body();
    }

    static List<String> nanSeries(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("charlm_") && l.endsWith(" NaN")).toList();
    }

    static double value(String scrape, String name, String model, String split) {
        Double v = find(scrape, name, model, split);
        assertThat(v).as(name + " of " + model + " in the scrape").isNotNull();
        return v;
    }

    static Double find(String scrape, String name, String model, String split) {
        Matcher m = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("model=\"" + model + "\"") && (split == null || labels.contains("split=\"" + split + "\""))) {
                return Double.parseDouble(m.group(2));
            }
        }
        return null;
    }
}
