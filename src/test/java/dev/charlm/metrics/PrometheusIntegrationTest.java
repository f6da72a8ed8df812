package dev.charlm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.Http;
import dev.charlm.support.RequiredBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard against a real Prometheus: train a small model and sample it while Prometheus
 * scrapes the service every second, then ask Prometheus for the validation perplexity (it falls) and
 * for every expression of docs/grafana/charlm-dashboard.json (each has data). Prints what Prometheus
 * answered, expression by expression.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrometheusIntegrationTest {

    static final Path DASHBOARD = Path.of("docs/grafana/charlm-dashboard.json");
    /** What the test puts for Grafana's $__rate_interval: ten scrapes. */
    static final String WINDOW = "10s";

    @TempDir
    static Path data;
    @TempDir
    static Path prometheusDir;
    static Path binary;
    static PrometheusServer prometheus;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.jobs.threads", () -> "1");   // the other core scrapes, samples and answers queries
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void requirePrometheus() {
        binary = RequiredBinary.require("/usr/bin/prometheus", "prometheus");
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void everyDashboardQueryHasDataAndValidationPerplexityFalls() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.get("title").asString()).isEqualTo("CharLM");
        assertThat(dashboard.get("uid").asString()).isNotBlank();
        JsonNode model = variable(dashboard, "model");
        assertThat(model.get("definition").asString()).isEqualTo("label_values(charlm_training_step, model)");
        assertThat(model.get("multi").asBoolean()).isTrue();
        assertThat(model.get("includeAll").asBoolean()).isTrue();
        List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asString).toList();
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);

        prometheus = PrometheusServer.start(binary, prometheusDir, port);
        awaitValue("up{job=\"charlm\"}", 1, Duration.ofSeconds(10));
        double start = now();

        Http http = new Http(port);
        String id = http.submit("""
                {"corpus": "timemachine", "cell": "gru", "hiddenSize": 32, "seqLength": 16, "batchSize": 16,
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "epochs": 1000, "maxSeconds": 10, "evalEvery": 100}
                """);
        int samples = trainAndSample(http, id);
        JsonNode done = http.json(http.get("/models/" + id));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        // the scrape after the last sample holds every final value
        awaitValue("charlm_sampling_seconds_count{model=\"" + id + "\"}", samples, Duration.ofSeconds(10));
        awaitValue("charlm_training_step{model=\"" + id + "\"}", done.get("progress").get("step").asDouble(), Duration.ofSeconds(10));
        awaitValue("charlm_jobs{state=\"COMPLETED\"}", 1, Duration.ofSeconds(10));
        Thread.sleep(1000);   // so that the range's last 1 s step lies after that scrape
        double end = now();
        System.out.printf("Prometheus, model %s, %.0f s of 1 s scrapes, %d samples, $__rate_interval = %s:%n", id, end - start, samples, WINDOW);

        JsonNode validation = only(prometheus.queryRange(
                "charlm_training_perplexity{split=\"validation\", model=\"" + id + "\"}", start, end, "1s"));
        List<Double> v = values(validation);
        System.out.println("  validation perplexity -> " + summary(v));
        assertThat(v.stream().distinct().count()).as("validations scraped").isGreaterThanOrEqualTo(3);
        assertThat(v.get(v.size() - 1)).as("last validation perplexity < first").isLessThan(v.get(0));

        for (JsonNode series : prometheus.queryRange("{__name__=~\"charlm_training_.*\"}", start, end, "1s")) {
            assertThat(values(series)).as("NaN in " + series.get("metric")).noneMatch(x -> x.isNaN());
        }

        JsonNode steps = prometheus.query("charlm_training_step");   // what label_values(charlm_training_step, model) lists
        assertThat(steps.findValues("model").stream().map(JsonNode::asString)).contains(id);
        System.out.println("  label_values(charlm_training_step, model) -> " + steps.findValues("model"));

        for (String expr : expressions) {
            String concrete = expr.replace("$__rate_interval", WINDOW).replace("$__interval", WINDOW)
                    .replace("${model}", id).replace("$model", id);
            JsonNode result = prometheus.queryRange(concrete, start, end, "1s");
            List<String> lines = new ArrayList<>();
            for (JsonNode series : result) {
                List<Double> finite = values(series).stream().filter(Double::isFinite).toList();
                if (!finite.isEmpty()) {
                    lines.add(labels(series.get("metric")) + " " + summary(finite));
                }
            }
            System.out.println("  " + concrete + " ->" + (lines.isEmpty() ? " nothing" : "\n      " + String.join("\n      ", lines)));
            assertThat(lines).as(concrete + " has data").isNotEmpty();
        }
    }

    /** Waits for the run to end, sampling the model about every second once it has a checkpoint, and three times after. */
    private static int trainAndSample(Http http, String id) throws InterruptedException {
        int samples = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        long nextSample = 0;
        JsonNode m = http.json(http.get("/models/" + id));
        while (m.get("status").asString().equals("QUEUED") || m.get("status").asString().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("training did not end in 40 s: " + m).isLessThan(deadline);
            if (m.has("checkpointStep") && System.nanoTime() >= nextSample) {
                samples += sample(http, id);
                nextSample = System.nanoTime() + 1_000_000_000L;
            }
            Thread.sleep(100);
            m = http.json(http.get("/models/" + id));
        }
        for (int i = 0; i < 3; i++) {
            samples += sample(http, id);
        }
        return samples;
    }

    private static int sample(Http http, String id) {
        var r = http.get("/models/" + id + "/sample?length=20");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return 1;
    }

    /** Polls an instant query until its single series has {@code value}. */
    private static void awaitValue(String expr, double value, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode result = null;
        while (System.nanoTime() < end) {
            result = prometheus.query(expr);
            if (result.size() == 1 && result.get(0).get("value").get(1).asDouble() == value) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(expr + " did not reach " + value + " in " + timeout + ": " + result + "\n" + prometheus.log());
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        return StreamSupport.stream(dashboard.get("templating").get("list").spliterator(), false)
                .filter(v -> v.get("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no template variable " + name));
    }

    private static JsonNode only(JsonNode result) {
        assertThat(result.size()).as(result.toString()).isEqualTo(1);
        return result.get(0);
    }

    /** A matrix series' values; Prometheus sends each as [time, "value"]. */
    private static List<Double> values(JsonNode series) {
        return StreamSupport.stream(series.get("values").spliterator(), false).map(p -> Double.parseDouble(p.get(1).asString())).toList();
    }

    /** A series' labels as PromQL writes them, less the scrape's own (instance, job). */
    private static String labels(JsonNode metric) {
        List<String> pairs = new ArrayList<>();
        metric.properties().forEach(e -> {
            if (!List.of("__name__", "instance", "job").contains(e.getKey())) {
                pairs.add(e.getKey() + "=\"" + e.getValue().asString() + "\"");
            }
        });
        return metric.path("__name__").asString("") + "{" + String.join(", ", pairs) + "}";
    }

    private static String summary(List<Double> v) {
        List<String> distinct = v.stream().distinct().map(x -> String.format(java.util.Locale.ROOT, "%.4g", x)).toList();
        String shown = distinct.size() <= 8 ? String.join(", ", distinct)
                : String.join(", ", distinct.subList(0, 4)) + ", ..., " + String.join(", ", distinct.subList(distinct.size() - 3, distinct.size()));
        return v.size() + " points, " + distinct.size() + " distinct: " + shown;
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
