package dev.charlm.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.CharLmApplication;
import dev.charlm.Http;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Sweeps over real HTTP: every 400 of POST /sweeps (and that a refused sweep creates nothing), the 429 of a sweep
 * bigger than the free queue, the grid's expansion (order, values, run names), the ranking and the best run, the
 * sweep tag on the Prometheus scrape, a restart, cancel, and delete with and without the models.
 */
class SweepApiTest {

    @TempDir
    Path data;

    static final String TEXT = "the time traveller was expounding a recondite matter to us. ".repeat(200);
    /** Tiny, quick runs: 30 steps, validated every 10. */
    static final String BASE = "{\"hiddenSize\": 16, \"seqLength\": 16, \"batchSize\": 4, \"maxSteps\": 30, \"evalEvery\": 10, \"evalChars\": 200, \"seed\": 7}";

    /** Room for 4 runs when idle (3 queue places and 1 free training slot); at most 6 combinations. */
    static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(CharLmApplication.class).run("--server.port=0", "--charlm.data-dir=" + data,
                "--charlm.bootstrap.enabled=false", "--charlm.jobs.queue-limit=3", "--charlm.sweeps.max-runs=6");
    }

    static Http http(ConfigurableApplicationContext c) {
        return new Http(c.getEnvironment().getProperty("local.server.port", Integer.class));
    }

    static String sweep(String name, String corpus, String base, String grid) {
        return "{\"name\": \"%s\", \"corpus\": \"%s\", \"base\": %s, \"grid\": %s}".formatted(name, corpus, base, grid);
    }

    /** The 400's errors as "field: message" lines. */
    static List<String> errors(Http http, HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        List<String> out = new ArrayList<>();
        http.json(r).get("errors").forEach(e -> out.add(e.get("field").asString() + ": " + e.get("message").asString()));
        return out;
    }

    static JsonNode awaitSweep(Http http, String id, String status) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode s = http.json(http.get("/sweeps/" + id));
        while (!status.equals(s.get("status").asString())) {
            if (System.nanoTime() > end) {
                throw new AssertionError("sweep " + id + " did not reach " + status + ": " + s);
            }
            Thread.sleep(100);
            s = http.json(http.get("/sweeps/" + id));
        }
        return s;
    }

    @Test
    void aRefusedSweepSaysWhyAndCreatesNothing() {
        try (ConfigurableApplicationContext c = start(data)) {
            Http http = http(c);
            String corpus = http.uploadCorpus(TEXT);

            assertThat(errors(http, http.postJson("/sweeps", sweep("s", corpus, BASE, "{\"hiddenSise\": [8]}"))))
                    .singleElement().asString().startsWith("grid.hiddenSise: not an option path; one of ").contains("optimizer.learningRate");
            assertThat(errors(http, http.postJson("/sweeps", sweep("s", corpus, BASE, "{\"hiddenSize\": []}"))))
                    .containsExactly("grid.hiddenSize: needs at least one value");
            assertThat(errors(http, http.postJson("/sweeps", sweep("s", corpus, BASE, "{\"hiddenSize\": [8, \"big\"]}"))))
                    .singleElement().asString().startsWith("grid.hiddenSize: the value \"big\" is not valid here");
            assertThat(errors(http, http.postJson("/sweeps", sweep("s", corpus, BASE, "{\"cell\": [\"rnn\", \"gru\"], \"hiddenSize\": [8, 16, 32, 64]}"))))
                    .containsExactly("grid: the grid has 8 combinations; at most 6 (charlm.sweeps.max-runs)");
            assertThat(errors(http, http.postJson("/sweeps", sweep("s", corpus, BASE, "{}"))))
                    .singleElement().asString().startsWith("grid: required");
            assertThat(errors(http, http.postJson("/sweeps", sweep("s", corpus, "{\"corpus\": \"x\", \"hiddenSize\": 8}", "{\"cell\": [\"rnn\"]}"))))
                    .containsExactly("base.corpus: set corpus on the sweep, not in its base");
            assertThat(errors(http, http.postJson("/sweeps", sweep(" ", corpus, BASE, "{\"cell\": [\"rnn\"]}"))))
                    .containsExactly("name: required: the sweep's name, which its runs' names start with");
            // layers=1 with dropout is refused by POST /models; layers=2 is fine: only the one combination is named
            assertThat(errors(http, http.postJson("/sweeps", sweep("s", corpus, "{\"dropout\": 0.2, \"hiddenSize\": 8}",
                    "{\"cell\": [\"rnn\"], \"layers\": [1, 2]}"))))
                    .singleElement().asString().startsWith("dropout: in combination cell=rnn layers=1: ");
            // a problem of every combination is listed once
            assertThat(errors(http, http.postJson("/sweeps", sweep("s", "nosuchcorpus", BASE, "{\"cell\": [\"rnn\", \"gru\"]}"))))
                    .containsExactly("corpus: in every combination: no corpus 'nosuchcorpus' (GET /corpora lists them)");

            // 5 runs, room for 4: refused whole
            HttpResponse<String> full = http.postJson("/sweeps", sweep("s", corpus, BASE, "{\"hiddenSize\": [8, 9, 10, 11, 12]}"));
            assertThat(full.statusCode()).as(full.body()).isEqualTo(429);
            assertThat(full.headers().firstValue("Retry-After")).isPresent();
            assertThat(http.json(full).get("detail").asString()).contains("the sweep has 5 runs but only 4 can be queued now");

            assertThat(http.json(http.get("/models")).size()).as("no model was created").isZero();
            assertThat(http.json(http.get("/sweeps")).size()).as("no sweep was created").isZero();
            assertThat(http.get("/sweeps/s-aaaaaaaaaa").statusCode()).isEqualTo(404);
            assertThat(http.get("/sweeps/nonsense").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aSweepTrainsEveryCombinationRanksThemAndSurvivesARestart() throws Exception {
        String id;
        List<String> ranked = new ArrayList<>();
        try (ConfigurableApplicationContext c = start(data)) {
            Http http = http(c);
            String corpus = http.uploadCorpus(TEXT);
            String outside = http.submit("{\"corpus\": \"%s\", \"hiddenSize\": 8, \"seqLength\": 16, \"batchSize\": 4, \"maxSteps\": 5}".formatted(corpus));
            http.awaitStatus("/models/" + outside, Duration.ofSeconds(60), "COMPLETED");

            HttpResponse<String> r = http.postJson("/sweeps", sweep("tiny", corpus, BASE,
                    "{\"cell\": [\"rnn\", \"gru\"], \"optimizer.learningRate\": [0.003, 0.01]}"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            id = http.json(r).get("id").asString();
            assertThat(id).matches("s-[a-z2-9]{10}");
            assertThat(r.headers().firstValue("Location")).hasValue("/sweeps/" + id);

            JsonNode done = awaitSweep(http, id, "COMPLETED");
            assertThat(done.get("grid").toString()).isEqualTo("{\"cell\":[\"rnn\",\"gru\"],\"optimizer.learningRate\":[0.003,0.01]}");
            JsonNode runs = done.get("runs");
            assertThat(runs.size()).isEqualTo(4);
            List<String> names = new ArrayList<>();
            double previous = 0;
            for (int i = 0; i < runs.size(); i++) {
                JsonNode run = runs.get(i);
                JsonNode model = http.json(http.get("/models/" + run.get("modelId").asString()));
                assertThat(model.get("sweep").asString()).isEqualTo(id);
                assertThat(model.get("name").asString()).isEqualTo(run.get("name").asString());
                assertThat(model.get("config").get("cell").asString()).isEqualTo(run.get("values").get("cell").asString());
                assertThat(model.get("config").get("optimizer").get("learningRate").asDouble())
                        .isEqualTo(run.get("values").get("optimizer.learningRate").asDouble());
                assertThat(model.get("config").get("hiddenSize").asInt()).as("base options reach every run").isEqualTo(16);
                assertThat(model.get("config").get("maxSteps").asLong()).isEqualTo(30);
                double ppl = run.get("bestValidationPerplexity").asDouble();
                assertThat(ppl).as("ranked by best validation perplexity").isGreaterThanOrEqualTo(previous)
                        .isEqualTo(model.get("progress").get("bestValidationPerplexity").asDouble());
                previous = ppl;
                assertThat(run.get("bitsPerChar").asDouble()).isCloseTo(model.get("progress").get("bestValidationLoss").asDouble() / Math.log(2),
                        org.assertj.core.data.Offset.offset(1e-12));
                assertThat(run.get("charsPerSecond").asDouble()).isPositive();
                assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
                assertThat(run.has("best")).as("only the first is marked").isEqualTo(i == 0);
                names.add(run.get("name").asString());
                ranked.add(run.get("modelId").asString());
            }
            assertThat(runs.get(0).get("best").asBoolean()).isTrue();
            assertThat(names).containsExactlyInAnyOrder("tiny cell=rnn optimizer.learningRate=0.003", "tiny cell=rnn optimizer.learningRate=0.01",
                    "tiny cell=gru optimizer.learningRate=0.003", "tiny cell=gru optimizer.learningRate=0.01");
            // submitted in the grid's order: the first key varies slowest
            List<String> byCreation = new ArrayList<>();
            http.json(http.get("/models")).forEach(m -> byCreation.add(0, m.get("name").asString()));
            assertThat(byCreation.subList(1, 5)).containsExactly("tiny cell=rnn optimizer.learningRate=0.003",
                    "tiny cell=rnn optimizer.learningRate=0.01", "tiny cell=gru optimizer.learningRate=0.003", "tiny cell=gru optimizer.learningRate=0.01");
            assertThat(http.json(http.get("/models/" + outside)).has("sweep")).as("a model outside a sweep has no sweep member").isFalse();

            String scrape = http.send("GET", "/actuator/prometheus", null, null, "text/plain").body();
            for (String m : ranked) {
                assertThat(scrape).contains("charlm_training_step{cell=\"" + http.json(http.get("/models/" + m)).get("cell").asString()
                        + "\",corpus=\"" + corpus + "\",model=\"" + m + "\",sweep=\"" + id + "\"}");
            }
            assertThat(scrape).contains("model=\"" + outside + "\",sweep=\"\"}");
            assertThat(http.json(http.get("/sweeps")).get(0).get("id").asString()).isEqualTo(id);
        }

        try (ConfigurableApplicationContext c = start(data)) {
            Http http = http(c);
            JsonNode again = http.json(http.get("/sweeps/" + id));
            assertThat(again.get("status").asString()).isEqualTo("COMPLETED");
            List<String> after = new ArrayList<>();
            again.get("runs").forEach(run -> after.add(run.get("modelId").asString()));
            assertThat(after).isEqualTo(ranked);
            assertThat(again.get("runs").get(0).get("best").asBoolean()).isTrue();
            assertThat(http.json(http.get("/models/" + ranked.get(0))).get("sweep").asString()).as("job.json keeps the sweep").isEqualTo(id);
            assertThat(http.send("GET", "/actuator/prometheus", null, null, "text/plain").body())
                    .contains("model=\"" + ranked.get(0) + "\",sweep=\"" + id + "\"}");

            assertThat(http.send("DELETE", "/sweeps/" + id, null, null, "application/json").statusCode()).isEqualTo(204);
            assertThat(http.get("/sweeps/" + id).statusCode()).isEqualTo(404);
            assertThat(http.get("/models/" + ranked.get(0)).statusCode()).as("the models are kept by default").isEqualTo(200);
        }
        try (ConfigurableApplicationContext c = start(data)) {
            assertThat(http(c).get("/sweeps/" + id).statusCode()).as("deleted for good").isEqualTo(404);
        }
    }

    @Test
    void cancelStopsTheActiveRunsAndDeleteCanTakeTheModels() throws Exception {
        try (ConfigurableApplicationContext c = start(data)) {
            Http http = http(c);
            String corpus = http.uploadCorpus(TEXT);
            String endless = "{\"hiddenSize\": 8, \"seqLength\": 16, \"batchSize\": 4, \"epochs\": 100000}";
            HttpResponse<String> r = http.postJson("/sweeps", sweep("endless", corpus, endless, "{\"cell\": [\"rnn\", \"gru\"]}"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            String id = http.json(r).get("id").asString();
            assertThat(http.json(r).get("status").asString()).isEqualTo("RUNNING");

            HttpResponse<String> cancel = http.send("POST", "/sweeps/" + id + "/cancel", null, null, "application/json");
            assertThat(cancel.statusCode()).isEqualTo(202);
            JsonNode cancelled = awaitSweep(http, id, "CANCELLED");
            List<String> models = new ArrayList<>();
            cancelled.get("runs").forEach(run -> {
                assertThat(run.get("status").asString()).isEqualTo("CANCELLED");
                models.add(run.get("modelId").asString());
            });
            assertThat(models).hasSize(2);
            HttpResponse<String> twice = http.send("POST", "/sweeps/" + id + "/cancel", null, null, "application/json");
            assertThat(twice.statusCode()).isEqualTo(409);
            assertThat(http.json(twice).get("detail").asString()).contains("is CANCELLED");

            assertThat(http.send("DELETE", "/sweeps/" + id + "?models=true", null, null, "application/json").statusCode()).isEqualTo(204);
            assertThat(http.get("/sweeps/" + id).statusCode()).isEqualTo(404);
            for (String m : models) {
                assertThat(http.get("/models/" + m).statusCode()).as("deleted with the sweep").isEqualTo(404);
            }
        }
    }
}
