package dev.charlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The job state machine across services: a full queue answers 429, cancel and delete, a corpus in use
 * cannot be deleted, a service that stops mid-training leaves the job INTERRUPTED with a checkpoint,
 * and the next service resumes it; the training and stream executors show in Prometheus. Also the
 * first-start bootstrap model.
 */
class JobLifecycleTest {

    @TempDir
    Path data;

    static ConfigurableApplicationContext start(Path data, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "--server.port=0";
        args[1] = "--charlm.data-dir=" + data;
        args[2] = "--charlm.jobs.queue-limit=1";
        System.arraycopy(more, 0, args, 3, more.length);
        return new SpringApplicationBuilder(CharLmApplication.class).run(args);
    }

    static Http http(ConfigurableApplicationContext c) {
        return new Http(c.getEnvironment().getProperty("local.server.port", Integer.class));
    }

    /** Polls the model until its checkpoint has reached {@code step}; fails the test when it does not in time. */
    static void awaitCheckpoint(Http http, String id, long step, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode m = http.json(http.get("/models/" + id));
        while (m.path("checkpointStep").asLong(0) < step) {
            if (System.nanoTime() > end) {
                throw new AssertionError("model " + id + " has no checkpoint at step " + step + " after " + timeout + ": " + m);
            }
            Thread.sleep(50);
            m = http.json(http.get("/models/" + id));
        }
    }

    static final String TEXT = "the time traveller was expounding a recondite matter to us. ".repeat(200);

    @Test
    void queueCancelDeleteInterruptAndResume() throws Exception {
        String corpus;
        String id;
        long interruptedAt;
        try (ConfigurableApplicationContext a = start(data, "--charlm.bootstrap.enabled=false")) {
            Http http = http(a);
            corpus = http.uploadCorpus(TEXT);
            String body = "{\"corpus\": \"%s\", \"cell\": \"gru\", \"hiddenSize\": 32, \"seqLength\": 16, \"batchSize\": 4, \"epochs\": 100000, \"evalEvery\": 3, \"evalChars\": 100}";
            id = http.submit(body.formatted(corpus));
            awaitCheckpoint(http, id, 3, Duration.ofSeconds(60));
            HttpResponse<String> second = http.postJson("/models", body.formatted(corpus));
            assertThat(second.statusCode()).isEqualTo(202);
            String queued = http.json(second).get("id").asString();
            assertThat(http.json(second).get("status").asString()).isEqualTo("QUEUED");

            HttpResponse<String> third = http.postJson("/models", body.formatted(corpus));
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(third.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(http.json(http.get("/models")).size()).as("a refused request stores nothing").isEqualTo(2);

            HttpResponse<String> inUse = http.send("DELETE", "/corpora/" + corpus, null, null, "application/json");
            assertThat(inUse.statusCode()).isEqualTo(409);
            assertThat(http.json(inUse).get("detail").asString()).contains("is in use by model m-").contains("cancel it first");

            assertThat(http.json(http.send("POST", "/models/" + queued + "/cancel", null, null, "application/json"))
                    .get("status").asString()).isEqualTo("CANCELLED");
            assertThat(http.send("POST", "/models/" + queued + "/cancel", null, null, "application/json").statusCode()).isEqualTo(409);
            assertThat(http.send("DELETE", "/models/" + queued, null, null, null).statusCode()).isEqualTo(204);
            assertThat(http.get("/models/" + queued).statusCode()).isEqualTo(404);
            assertThat(Files.exists(data.resolve("models").resolve(queued))).isFalse();
            assertThat(http.send("POST", "/models/" + id + "/resume", null, null, "application/json").statusCode())
                    .as("a running job cannot be resumed").isEqualTo(409);
        }
        // the service stopped while the job was running: checkpointed and INTERRUPTED
        try (ConfigurableApplicationContext b = start(data, "--charlm.bootstrap.enabled=true", "--charlm.sampling.stream-threads=3")) {
            Http http = http(b);
            JsonNode m = http.json(http.get("/models/" + id));
            assertThat(m.get("status").asString()).isEqualTo("INTERRUPTED");
            assertThat(m.get("reason").asString()).contains("resume");
            interruptedAt = m.get("checkpointStep").asLong();
            assertThat(interruptedAt).isEqualTo(m.get("progress").get("step").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(http.json(http.get("/models")).size()).as("no bootstrap when models exist").isEqualTo(1);
            assertThat(http.get("/models/" + id + "/sample?length=5").statusCode()).isEqualTo(200);

            HttpResponse<String> resumed = http.postJson("/models/" + id + "/resume", "{\"maxSteps\": " + (interruptedAt + 6) + "}");
            assertThat(resumed.statusCode()).isEqualTo(202);
            JsonNode done = http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "COMPLETED", "FAILED");
            assertThat(done.get("reason").asString()).isEqualTo("reached maxSteps " + (interruptedAt + 6));
            assertThat(done.get("progress").get("step").asLong()).isEqualTo(interruptedAt + 6);
            assertThat(done.get("config").get("evalChars").asInt()).as("an option survives interruption and resume").isEqualTo(100);
            assertThat(done.get("progress").get("validationLoss").isNumber()).isTrue();
            HttpResponse<String> again = http.postJson("/models/" + id + "/resume", "{}");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(http.json(again).get("detail").asString()).contains("already trained");

            String scrape = http.send("GET", "/actuator/prometheus", null, null, "text/plain").body();
            assertThat(scrape).contains("model=\"" + id + "\"");
            assertThat(scrape).as("the executors are metered, with their settings")
                    .containsPattern("(?m)^executor_pool_max_threads\\{.*name=\"trainingExecutor\".*\\} 1\\.0$")
                    .containsPattern("(?m)^executor_pool_max_threads\\{.*name=\"sampleStreamExecutor\".*\\} 3\\.0$")
                    .containsPattern("(?m)^executor_completed_tasks_total\\{.*name=\"trainingExecutor\".*\\} [1-9]");
            assertThat(http.send("DELETE", "/models/" + id, null, null, null).statusCode()).isEqualTo(204);
            assertThat(http.send("GET", "/actuator/prometheus", null, null, "text/plain").body()).doesNotContain("model=\"" + id + "\"");
            assertThat(http.send("DELETE", "/corpora/" + corpus, null, null, null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void aFirstStartTrainsAModelByItself() throws Exception {
        try (ConfigurableApplicationContext c = start(data, "--charlm.bootstrap.enabled=true")) {
            Http http = http(c);
            JsonNode models = http.json(http.get("/models"));
            assertThat(models.size()).isEqualTo(1);
            JsonNode m = models.get(0);
            assertThat(m.get("corpus").asString()).isEqualTo("jaychou");
            assertThat(m.get("cell").asString()).isEqualTo("gru");
            assertThat(m.get("config").get("samplePrefixes").get(0).asString()).isEqualTo("分开");
            assertThat(http.json(http.get("/corpora")).size()).isEqualTo(4);
            assertThat(http.send("DELETE", "/models/" + m.get("id").asString(), null, null, null).statusCode()).isEqualTo(204);
        }
    }
}
