package dev.charlm.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.Http;
import dev.charlm.training.CheckpointStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Ollama API over real HTTP, against the shapes of Ollama's API documentation (docs/api.md): generate
 * streamed as NDJSON and whole, tags, show, delete, version, and Ollama's error body on /api only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OllamaApiTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        // a running job to delete never stops in time, so the refusal the REST API gives shows
        r.add("charlm.jobs.stop-timeout", () -> "0s");
    }

    static final String TEXT = "the quick brown fox jumps over the lazy dog. ".repeat(40);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static String tiny;

    @LocalServerPort
    int port;

    @Autowired
    CheckpointStore checkpoints;

    @Autowired
    BuildProperties build;

    Http http() {
        return new Http(port);
    }

    /** A small GRU named "tiny", trained once for the whole class. */
    synchronized String tiny() {
        if (tiny == null) {
            tiny = train("tiny", 2);
        }
        return tiny;
    }

    String train(String name, int epochs) {
        Http http = http();
        HttpResponse<String> up = http.send("POST", "/corpora?name=" + name, "text/plain; charset=utf-8",
                TEXT.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(up.statusCode()).isEqualTo(201);
        String corpus = http.json(up).get("id").asString();
        HttpResponse<String> posted = http.postJson("/models", """
                {"corpus": "%s", "name": "%s", "cell": "gru", "hiddenSize": 16, "seqLength": 16, "batchSize": 4, "epochs": %d}
                """.formatted(corpus, name, epochs));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String id = http.json(posted).get("id").asString();
        JsonNode done = http.awaitStatus("/models/" + id, Duration.ofSeconds(90), "COMPLETED", "FAILED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        return id;
    }

    HttpResponse<String> post(String path, String body) {
        return http().send("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void aStreamIsOneNdjsonObjectPerCharacterAndAddsUpToTheWholeAnswerForTheSameSeed() {
        tiny();
        HttpResponse<String> streamed = post("/api/generate", """
                {"model": "tiny", "prompt": "the ", "options": {"seed": 7, "num_predict": 20, "temperature": 0.8}}""");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        assertThat(streamed.body()).endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : streamed.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(21);
        StringBuilder text = new StringBuilder();
        for (JsonNode piece : lines.subList(0, 20)) {
            assertThat(names(piece)).containsExactlyInAnyOrder("model", "created_at", "response", "done");
            assertThat(piece.get("model").asString()).isEqualTo("tiny");
            assertThat(Instant.parse(piece.get("created_at").asString())).isNotNull();
            assertThat(piece.get("done").asBoolean()).isFalse();
            assertThat(piece.get("response").asString().codePointCount(0, piece.get("response").asString().length())).isEqualTo(1);
            text.append(piece.get("response").asString());
        }
        JsonNode last = lines.get(20);
        assertThat(names(last)).containsExactlyInAnyOrder("model", "created_at", "response", "done", "done_reason",
                "total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration");
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("response").asString()).isEmpty();
        assertThat(last.get("done_reason").asString()).isEqualTo("length");
        assertThat(last.get("prompt_eval_count").asInt()).isEqualTo(4);
        assertThat(last.get("eval_count").asInt()).isEqualTo(20);
        assertNanoseconds(last);
        assertThat(last.get("total_duration").asLong()).isGreaterThanOrEqualTo(
                last.get("load_duration").asLong() + last.get("prompt_eval_duration").asLong() + last.get("eval_duration").asLong());

        HttpResponse<String> whole = post("/api/generate", """
                {"model": "tiny", "prompt": "the ", "stream": false, "raw": true, "options": {"seed": 7, "num_predict": 20, "temperature": 0.8}}""");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode one = http().json(whole);
        assertThat(one.get("response").asString()).isEqualTo(text.toString());
        assertThat(one.get("done").asBoolean()).isTrue();
        assertThat(one.get("done_reason").asString()).isEqualTo("length");
        assertThat(one.get("eval_count").asInt()).isEqualTo(20);
        assertThat(one.get("prompt_eval_count").asInt()).isEqualTo(4);
        assertNanoseconds(one);
    }

    @Test
    void aStopStringEndsTheAnswerWithDoneReasonStop() {
        tiny();
        String greedy = http().json(post("/api/generate", """
                {"model": "tiny", "prompt": "the ", "stream": false, "options": {"temperature": 0, "num_predict": 30}}"""))
                .get("response").asString();
        String stop = greedy.substring(4, 5);
        JsonNode stopped = http().json(post("/api/generate", """
                {"model": "tiny", "prompt": "the ", "stream": false, "options": {"temperature": 0, "num_predict": 30, "stop": ["%s"]}}"""
                .formatted(stop)));
        assertThat(stopped.get("response").asString()).isEqualTo(greedy.substring(0, greedy.indexOf(stop)));
        assertThat(stopped.get("done_reason").asString()).isEqualTo("stop");
    }

    @Test
    void anEmptyPromptOnlyLoadsTheModelAsOllamaDoes() {
        tiny();
        JsonNode loaded = http().json(post("/api/generate", "{\"model\": \"tiny\"}"));
        assertThat(loaded.get("done").asBoolean()).isTrue();
        assertThat(loaded.get("done_reason").asString()).isEqualTo("load");
        assertThat(loaded.get("response").asString()).isEmpty();
    }

    @Test
    void tagsListEachModelAsNameColonIdWithItsFileSizeAndDigest() throws Exception {
        String id = tiny();
        JsonNode model = http().json(http().get("/models/" + id));
        JsonNode entry = null;
        for (JsonNode m : http().json(http().get("/api/tags")).get("models")) {
            if (m.get("name").asString().equals("tiny:" + id)) {
                entry = m;
            }
        }
        assertThat(entry).as("tiny:" + id + " in /api/tags").isNotNull();
        assertThat(names(entry)).containsExactlyInAnyOrder("name", "model", "modified_at", "size", "digest", "details");
        assertThat(entry.get("model").asString()).isEqualTo("tiny:" + id);
        byte[] file;
        try (var in = checkpoints.open(id).orElseThrow()) {
            file = in.readAllBytes();
        }
        assertThat(entry.get("size").asLong()).isEqualTo(file.length);
        assertThat(entry.get("digest").asString()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
        assertThat(Instant.parse(entry.get("modified_at").asString())).isNotNull();
        JsonNode details = entry.get("details");
        assertThat(details.get("format").asString()).isEqualTo("clm");
        assertThat(details.get("family").asString()).isEqualTo("gru");
        assertThat(details.get("families").get(0).asString()).isEqualTo("gru");
        assertThat(details.get("families").size()).isEqualTo(1);
        assertThat(details.get("parameter_size").asString()).isEqualTo(ModelCatalog.humanNumber(model.get("parameters").asLong()));
        assertThat(details.get("quantization_level").asString()).isEqualTo("F32");
    }

    @Test
    void showGivesDetailsModelInfoAndParametersUnderEveryFormOfTheName() {
        String id = tiny();
        JsonNode model = http().json(http().get("/models/" + id));
        for (String ref : List.of("tiny:" + id, id, "tiny", "tiny:latest")) {
            HttpResponse<String> r = post("/api/show", "{\"model\": \"" + ref + "\"}");
            assertThat(r.statusCode()).as(ref).isEqualTo(200);
            JsonNode show = http().json(r);
            assertThat(show.get("modelfile").asString()).as(ref).contains("FROM tiny:" + id);
            assertThat(show.get("details").get("family").asString()).isEqualTo("gru");
            JsonNode info = show.get("model_info");
            assertThat(info.get("general.architecture").asString()).isEqualTo("charlm");
            assertThat(info.get("general.parameter_count").asLong()).isEqualTo(model.get("parameters").asLong());
            assertThat(info.get("charlm.cell").asString()).isEqualTo("gru");
            assertThat(info.get("charlm.block_count").asInt()).isEqualTo(1);
            assertThat(info.get("charlm.hidden_size").asInt()).isEqualTo(16);
            assertThat(info.get("charlm.vocab_size").asInt()).isEqualTo(model.get("vocabularySize").asInt());
            assertThat(show.get("parameters").asString()).contains("temperature                    0.8");
            assertThat(show.get("capabilities").get(0).asString()).isEqualTo("completion");
            assertThat(Instant.parse(show.get("modified_at").asString())).isNotNull();
        }
        // older clients send "name"
        assertThat(post("/api/show", "{\"name\": \"tiny\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void deleteRemovesTheModelAndAnswers404Afterwards() {
        String id = train("doomed", 1);
        // as curl -X DELETE -d '{...}' sends it: a form content type around JSON
        HttpResponse<String> deleted = http().send("DELETE", "/api/delete", "application/x-www-form-urlencoded",
                ("{\"model\": \"doomed:" + id + "\"}").getBytes(StandardCharsets.UTF_8), null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(http().get("/models/" + id).statusCode()).isEqualTo(404);
        HttpResponse<String> again = http().send("DELETE", "/api/delete", "application/json",
                ("{\"model\": \"doomed:" + id + "\"}").getBytes(StandardCharsets.UTF_8), null);
        assertOllamaError(again, 404, "model 'doomed:" + id + "' not found");
    }

    @Test
    void deletingARunningJobThatDoesNotStopInTimeIsRefusedAsTheRestApiRefusesIt() {
        Http http = http();
        HttpResponse<String> posted = http.postJson("/models", """
                {"corpus": "tinyshakespeare", "name": "busy", "cell": "gru", "hiddenSize": 32, "seqLength": 16, "batchSize": 4, "epochs": 100}
                """);
        String id = http.json(posted).get("id").asString();
        http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "RUNNING");
        assertOllamaError(http.send("DELETE", "/api/delete", "application/json",
                "{\"model\": \"busy\"}".getBytes(StandardCharsets.UTF_8), null), 409, "model " + id + " did not stop within 0 s; try again");
        http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "CANCELLED");
        assertThat(http.send("DELETE", "/api/delete", "application/json",
                "{\"model\": \"busy\"}".getBytes(StandardCharsets.UTF_8), null).statusCode()).isEqualTo(200);
        assertThat(http.get("/models/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void versionIsTheBuildsVersion() {
        JsonNode v = http().json(http().get("/api/version"));
        assertThat(names(v)).containsExactly("version");
        assertThat(v.get("version").asString()).isEqualTo(build.getVersion()).isNotEqualTo("unknown");
    }

    @Test
    void errorsOnApiAreOllamasErrorBody() {
        tiny();
        assertOllamaError(post("/api/generate", "{\"model\": \"nope\", \"prompt\": \"the\"}"), 404, "model 'nope' not found");
        assertOllamaError(post("/api/show", "{\"model\": \"nope:latest\"}"), 404, "model 'nope:latest' not found");
        assertOllamaError(post("/api/generate", "{\"model\": \"tiny\", \"prompt\": \"the\", \"options\": {\"temperature\": \"hot\"}}"),
                400, "options.temperature: must be a number");
        assertOllamaError(post("/api/generate", "{\"model\": \"tiny\", \"prompt\": \"the\", \"options\": {\"top_p\": 0}}"),
                400, "options.top_p: must be in (0, 1]");
        assertOllamaError(post("/api/generate", "{\"model\": \"tiny\", \"prompt\": \"the\", \"options\": {\"temprature\": 1}}"),
                400, "options.temprature: unknown option");
        assertOllamaError(post("/api/generate", "{\"model\": \"tiny\", \"prompt\": \"the\", \"options\": {\"repeat_penalty\": 1.1}}"),
                400, "options.repeat_penalty: CharLM samples with");
        assertOllamaError(post("/api/generate", "{\"model\": \"tiny\", \"prompt\": \"the\", \"system\": \"be brief\"}"),
                400, "system: CharLM has no prompt template");
        assertOllamaError(post("/api/generate", "{\"model\": \"tiny\", \"prompt\": \"the\", \"nonsense\": 1}"), 400, "nonsense: unknown field");
        assertOllamaError(post("/api/generate", "{\"model\": \"tiny\", \"prompt\": \"€€\"}"), 400, "prompt: ");
        assertOllamaError(post("/api/generate", "{not json"), 400, "body: not valid JSON");
        assertOllamaError(post("/api/generate", "{\"prompt\": \"the\"}"), 400, "model: required");
    }

    @Test
    void optionsCharLmCannotHonourAreEitherNamedAsIgnoredOrNeutral() {
        tiny();
        HttpResponse<String> r = http().send("POST", "/api/generate", "application/x-www-form-urlencoded", """
                {"model": "tiny", "prompt": "the ", "stream": false, "keep_alive": "5m", "format": "",
                 "options": {"num_ctx": 2048, "num_thread": 2, "repeat_penalty": 1.0, "repeat_last_n": 64, "num_predict": 5}}"""
                .getBytes(StandardCharsets.UTF_8), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue(OllamaController.IGNORED_OPTIONS)).hasValue("num_ctx, num_thread");
        assertThat(http().json(r).get("eval_count").asInt()).isEqualTo(5);
        HttpResponse<String> plain = post("/api/generate", "{\"model\": \"tiny\", \"prompt\": \"the \", \"stream\": false}");
        assertThat(plain.headers().firstValue(OllamaController.IGNORED_OPTIONS)).isEmpty();
        assertThat(http().json(plain).get("eval_count").asInt()).isEqualTo(OllamaOptions.DEFAULT_NUM_PREDICT);
    }

    @Test
    void pathsOutsideApiKeepProblemJson() {
        HttpResponse<String> missing = http().get("/models/m-nope222222");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(http().json(missing).get("title").asString()).isEqualTo("Model not found");
        HttpResponse<String> invalid = http().postJson("/models", "{\"corpus\": \"dinos\", \"hiddenSize\": -1}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(http().json(invalid).has("errors")).isTrue();
    }

    private void assertOllamaError(HttpResponse<String> r, int status, String messageStart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = http().json(r);
        assertThat(names(body)).containsExactly("error");
        assertThat(body.get("error").asString()).startsWith(messageStart);
    }

    private static void assertNanoseconds(JsonNode last) {
        for (String d : List.of("total_duration", "load_duration", "prompt_eval_duration", "eval_duration")) {
            assertThat(last.get(d).isIntegralNumber()).as(d + " is an integer").isTrue();
            assertThat(last.get(d).asLong()).as(d).isNotNegative();
        }
        // nanoseconds: a generation on a real clock takes more than a microsecond
        assertThat(last.get("total_duration").asLong()).isGreaterThan(1_000);
    }

    private static Set<String> names(JsonNode n) {
        return new java.util.LinkedHashSet<>(n.propertyNames());
    }
}
