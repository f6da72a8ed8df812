package dev.charlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 * The whole product over real HTTP: upload a corpus, train a small model to completion, read its
 * perplexity from the Prometheus scrape, sample (JSON and SSE), score, then start a second service on
 * the same data directory and find the model and its samples again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndToEndTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    static final String LYRICS = "分开 我想要你的微笑 不分开 我不要再想 爱情来的太快就像龙卷风\n".repeat(60);

    @Test
    void uploadTrainWatchSampleScoreAndFindItAgainAfterARestart() {
        Http http = new Http(port);
        HttpResponse<String> up = http.send("POST", "/corpora?name=lyrics", "text/plain; charset=utf-8",
                LYRICS.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(up.statusCode()).isEqualTo(201);
        String corpus = http.json(up).get("id").asString();
        assertThat(up.headers().firstValue("Location")).hasValue("/corpora/" + corpus);

        HttpResponse<String> posted = http.postJson("/models", """
                {"corpus": "%s", "name": "e2e", "cell": "lstm", "hiddenSize": 48, "seqLength": 16, "batchSize": 4,
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "epochs": 4, "valFraction": 0.1,
                 "sampleEvery": 20, "samplePrefixes": ["分开"], "sampleLength": 10, "logEvery": 1}
                """.formatted(corpus));
        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(http.json(posted).get("status").asString()).isEqualTo("QUEUED");
        String id = http.json(posted).get("id").asString();
        assertThat(posted.headers().firstValue("Location")).hasValue("/models/" + id);

        JsonNode done = http.awaitStatus("/models/" + id, Duration.ofSeconds(90), "COMPLETED", "FAILED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("reason").asString()).isEqualTo("completed 4 epochs");
        JsonNode progress = done.get("progress");
        double validation = progress.get("validationPerplexity").asDouble();
        assertThat(validation).isLessThan(done.get("vocabularySize").asDouble());   // learned something
        assertThat(done.get("checkpointStep").asLong()).isEqualTo(progress.get("step").asLong());

        // the perplexity stream, as Prometheus scrapes it
        String scrape = http.send("GET", "/actuator/prometheus", null, null, "text/plain").body();
        double scraped = metric(scrape, "charlm_training_perplexity", id, "validation");
        assertThat(scraped).isCloseTo(validation, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(metric(scrape, "charlm_training_step", id, null)).isEqualTo(progress.get("step").asDouble());
        assertThat(scrape).contains("charlm_jobs{state=\"COMPLETED\"} 1.0");

        // sample: JSON, then streamed
        JsonNode sample = http.json(http.get("/models/" + id + "/sample?prefix=%E5%88%86%E5%BC%80&length=12&temperature=0.5&seed=9"));
        assertThat(sample.get("prefix").asString()).isEqualTo("分开");
        assertThat(sample.get("text").asString().codePointCount(0, sample.get("text").asString().length())).isEqualTo(12);
        assertThat(sample.get("finishReason").asString()).isEqualTo("length");
        HttpResponse<String> sse = http.send("GET", "/models/" + id + "/sample?prefix=%E5%88%86%E5%BC%80&length=12&temperature=0.5&seed=9",
                null, null, "text/event-stream");
        assertThat(sse.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(count(sse.body(), "event:token")).isEqualTo(12);
        assertThat(sse.body()).contains("event:end").contains(sample.get("text").asString());
        assertThat(http.send("GET", "/actuator/prometheus", null, null, "text/plain").body())
                .contains("charlm_sampled_chars_total{model=\"" + id + "\"} 24.0")
                .contains("charlm_sampling_seconds_count{model=\"" + id + "\"} 2");

        // score, history, events of a finished model
        JsonNode score = http.json(http.postJson("/models/" + id + "/score", "{\"text\": \"分开 我想要你的微笑\"}"));
        assertThat(score.get("chars").asInt()).isEqualTo(9);
        assertThat(score.get("perplexity").asDouble()).isCloseTo(Math.exp(score.get("nll").asDouble()), org.assertj.core.api.Assertions.within(1e-9));
        JsonNode history = http.json(http.get("/models/" + id + "/history"));
        assertThat(history.get("epochs").size()).isEqualTo(4);
        assertThat(history.get("evaluations").size()).isEqualTo(4);
        assertThat(history.get("points").size()).isEqualTo(progress.get("step").asInt());
        assertThat(history.get("samples").size()).isGreaterThan(0);
        String events = http.send("GET", "/models/" + id + "/events", null, null, "text/event-stream").body();
        assertThat(events).contains("event:status").contains("event:end").contains("\"COMPLETED\"");

        // a second service on the same data directory finds the model, its samples and its weights
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(CharLmApplication.class)
                .run("--server.port=0", "--charlm.data-dir=" + data, "--charlm.bootstrap.enabled=false")) {
            Http again = new Http(second.getEnvironment().getProperty("local.server.port", Integer.class));
            JsonNode restored = again.json(again.get("/models/" + id));
            assertThat(restored.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(restored.get("progress").get("validationPerplexity").asDouble()).isEqualTo(validation);
            assertThat(again.json(again.get("/models/" + id + "/history")).get("samples")).isEqualTo(history.get("samples"));
            assertThat(again.json(again.get("/models/" + id + "/sample?prefix=%E5%88%86%E5%BC%80&length=12&temperature=0.5&seed=9")))
                    .isEqualTo(sample);
            HttpResponse<String> file = again.send("GET", "/models/" + id + "/file", null, null, "application/octet-stream");
            assertThat(file.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void everyEndpointIsDocumentedForSwaggerUi() {
        Http http = new Http(port);
        JsonNode api = http.json(http.get("/v3/api-docs"));
        JsonNode paths = api.get("paths");
        for (String p : new String[] {"/corpora", "/corpora/{id}", "/models", "/models/{id}", "/models/{id}/history",
                "/models/{id}/events", "/models/{id}/cancel", "/models/{id}/resume", "/models/{id}/file",
                "/models/{id}/sample", "/models/{id}/samples", "/models/{id}/score", "/presets"}) {
            assertThat(paths.has(p)).as(p).isTrue();
            paths.get(p).properties().forEach(op -> assertThat(op.getValue().get("summary")).as(p + " " + op.getKey()).isNotNull());
        }
        assertThat(paths.get("/models/{id}/sample").get("get").toString()).contains("分开");
        // the options' Bean Validation limits are the schema's
        JsonNode options = api.get("components").get("schemas").get("TrainingRequest").get("properties");
        assertThat(options.get("layers").get("minimum").asInt()).isEqualTo(1);
        assertThat(options.get("layers").get("maximum").asInt()).isEqualTo(16);
        assertThat(options.get("valFraction").get("maximum").asDouble()).isEqualTo(0.5);
        assertThat(options.get("evalChars").get("minimum").asInt()).isZero();
        assertThat(api.get("components").get("schemas").get("Optimizer").get("properties").get("learningRate")
                .get("exclusiveMinimum").asInt()).isZero();
        HttpResponse<String> ui = http.send("GET", "/swagger-ui/index.html", null, null, "text/html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    static double metric(String scrape, String name, String model, String split) {
        Pattern p = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(scrape);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("model=\"" + model + "\"") && (split == null || labels.contains("split=\"" + split + "\""))) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(name + " of " + model + " not in the scrape");
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
