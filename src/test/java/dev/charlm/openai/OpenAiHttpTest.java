package dev.charlm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.golden.UpgradeData;
import dev.charlm.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire shapes OpenAI's SDKs parse and hide, over plain HTTP against the running app: the logprobs
 * object, echo, n with a prompt array, stop, finish_reason, usage, the stream's chunks and [DONE], and
 * the error shape on /v1 (while every other path keeps problem+json).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenAiHttpTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> UpgradeData.copyInto(dir).toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }

    JsonNode complete(String body) {
        HttpResponse<String> r = http().postJson("/v1/completions", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return http().json(r);
    }

    static String model(String more) {
        return "{\"model\": \"" + UpgradeModels.GRU + "\", " + more + "}";
    }

    @Test
    void aCompletionHasOpenAisShape() {
        JsonNode c = complete(model("\"prompt\": \"twin\""));
        assertThat(c.get("object").asString()).isEqualTo("text_completion");
        assertThat(c.get("id").asString()).startsWith("cmpl-");
        assertThat(c.get("created").asLong()).isPositive();
        JsonNode choice = c.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.has("logprobs") && choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
        String text = choice.get("text").asString();
        assertThat(text.codePointCount(0, text.length())).as("max_tokens defaults to 16").isEqualTo(16);
        JsonNode usage = c.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(4);
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(16);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(20);
    }

    @Test
    void logprobsListTheTopNOfEveryCharacterWithOffsetsFromThePromptStart() {
        JsonNode choice = complete(model("\"prompt\": \"twin\", \"max_tokens\": 6, \"temperature\": 0, \"logprobs\": 3")).get("choices").get(0);
        JsonNode lp = choice.get("logprobs");
        List<String> tokens = strings(lp.get("tokens"));
        assertThat(String.join("", tokens)).isEqualTo(choice.get("text").asString());
        assertThat(tokens).hasSize(6);
        assertThat(lp.get("token_logprobs").size()).isEqualTo(6);
        assertThat(ints(lp.get("text_offset"))).containsExactly(4, 5, 6, 7, 8, 9);
        for (int i = 0; i < 6; i++) {
            JsonNode top = lp.get("top_logprobs").get(i);
            assertThat(top.size()).isEqualTo(3);
            String best = top.propertyNames().iterator().next();
            assertThat(best).as("greedy picks the most likely").isEqualTo(tokens.get(i));
            assertThat(top.get(best).asDouble()).isEqualTo(lp.get("token_logprobs").get(i).asDouble()).isNegative();
        }
    }

    @Test
    void echoPutsThePromptFirstAndWithLogprobsReportsItsCharactersTheFirstWithout() {
        JsonNode choice = complete(model("\"prompt\": \"twin\", \"max_tokens\": 0, \"echo\": true, \"logprobs\": 1")).get("choices").get(0);
        assertThat(choice.get("text").asString()).isEqualTo("twin");
        JsonNode lp = choice.get("logprobs");
        assertThat(strings(lp.get("tokens"))).containsExactly("t", "w", "i", "n");
        assertThat(lp.get("token_logprobs").get(0).isNull()).isTrue();
        assertThat(lp.get("top_logprobs").get(0).isNull()).isTrue();
        assertThat(lp.get("token_logprobs").get(1).asDouble()).isNegative();
        assertThat(lp.get("top_logprobs").get(3).size()).isEqualTo(1);
        assertThat(ints(lp.get("text_offset"))).containsExactly(0, 1, 2, 3);

        JsonNode more = complete(model("\"prompt\": \"twin\", \"max_tokens\": 5, \"echo\": true, \"seed\": 3")).get("choices").get(0);
        String alone = complete(model("\"prompt\": \"twin\", \"max_tokens\": 5, \"seed\": 3")).get("choices").get(0).get("text").asString();
        assertThat(more.get("text").asString()).isEqualTo("twin" + alone);
    }

    @Test
    void aPromptArrayGetsNChoicesEachNumberedAndSeededByItsIndex() {
        JsonNode c = complete(model("\"prompt\": [\"twin\", \"up \"], \"n\": 2, \"max_tokens\": 8, \"seed\": 7"));
        JsonNode choices = c.get("choices");
        assertThat(choices.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(choices.get(i).get("index").asInt()).isEqualTo(i);
        }
        // index = promptIndex * n + i, seed + index: choice 3 is "up " with seed 10, reproducible alone
        String third = complete(model("\"prompt\": \"up \", \"max_tokens\": 8, \"seed\": 10")).get("choices").get(0).get("text").asString();
        assertThat(choices.get(3).get("text").asString()).isEqualTo(third);
        assertThat(c.get("usage").get("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(c.get("usage").get("completion_tokens").asInt()).isEqualTo(32);
    }

    @Test
    void aStopStringEndsTheTextBeforeItWithFinishReasonStop() {
        String free = complete(model("\"prompt\": \"twin\", \"max_tokens\": 30, \"temperature\": 0")).get("choices").get(0).get("text").asString();
        String stop = free.substring(10, 12);
        JsonNode choice = complete(model("\"prompt\": \"twin\", \"max_tokens\": 30, \"temperature\": 0, \"stop\": [\"qqq\", \""
                + stop.replace("\n", "\\n") + "\"]")).get("choices").get(0);
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(choice.get("text").asString()).isEqualTo(free.substring(0, free.indexOf(stop)));
    }

    @Test
    void aStreamIsOpenAisChunksEndingWithDone() throws Exception {
        HttpResponse<String> r = http().send("POST", "/v1/completions", "application/json",
                model("\"prompt\": \"twin\", \"max_tokens\": 10, \"seed\": 5, \"stream\": true, \"echo\": true, "
                        + "\"stream_options\": {\"include_usage\": true}").getBytes(StandardCharsets.UTF_8), "text/event-stream");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> data = new ArrayList<>();
        for (String event : r.body().split("\n\n")) {
            assertThat(event).startsWith("data:");
            data.add(event.substring(5).trim());
        }
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(JSON::readTree).toList();
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
            assertThat(chunk.get("object").asString()).isEqualTo("text_completion");
            assertThat(chunk.get("choices").size()).isEqualTo(1);
            text.append(chunk.get("choices").get(0).get("text").asString());
        }
        JsonNode last = chunks.get(chunks.size() - 2);
        assertThat(last.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
        assertThat(chunks.get(0).get("choices").get(0).get("finish_reason").isNull()).isTrue();
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.get("choices").size()).isZero();
        assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(10);
        String whole = complete(model("\"prompt\": \"twin\", \"max_tokens\": 10, \"seed\": 5, \"echo\": true")).get("choices").get(0).get("text").asString();
        assertThat(text.toString()).isEqualTo(whole);
    }

    @Test
    void aStreamCarriesEachPiecesLogprobsTheSameAsTheCompletions() {
        String options = "\"prompt\": \"twin\", \"max_tokens\": 12, \"seed\": 8, \"echo\": true, \"logprobs\": 2, \"stop\": \"qz\"";
        JsonNode whole = complete(model(options)).get("choices").get(0).get("logprobs");
        HttpResponse<String> r = http().send("POST", "/v1/completions", "application/json",
                model(options + ", \"stream\": true").getBytes(StandardCharsets.UTF_8), "text/event-stream");
        List<JsonNode> tokens = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        List<JsonNode> tops = new ArrayList<>();
        List<JsonNode> offsets = new ArrayList<>();
        for (String event : r.body().split("\n\n")) {
            String data = event.substring(5).trim();
            if (data.equals("[DONE]")) {
                continue;
            }
            JsonNode lp = JSON.readTree(data).get("choices").get(0).get("logprobs");
            if (lp.isNull()) {
                continue;   // the finish
            }
            lp.get("tokens").forEach(tokens::add);
            lp.get("token_logprobs").forEach(values::add);
            lp.get("top_logprobs").forEach(tops::add);
            lp.get("text_offset").forEach(offsets::add);
        }
        assertThat(tokens).hasSize(16).containsExactlyElementsOf(whole.get("tokens"));
        assertThat(values).containsExactlyElementsOf(whole.get("token_logprobs"));
        assertThat(tops).containsExactlyElementsOf(whole.get("top_logprobs"));
        assertThat(offsets).containsExactlyElementsOf(whole.get("text_offset"));
    }

    @Test
    void theModelListAndAModelHaveOpenAisShapes() {
        JsonNode list = http().json(http().get("/v1/models"));
        assertThat(list.get("object").asString()).isEqualTo("list");
        assertThat(list.get("data").size()).isEqualTo(3);
        JsonNode m = http().json(http().get("/v1/models/" + UpgradeModels.GRU_NAME.replace(" ", "%20")));
        assertThat(m.get("id").asString()).isEqualTo(UpgradeModels.GRU);
        assertThat(m.get("object").asString()).isEqualTo("model");
        assertThat(m.get("owned_by").asString()).isEqualTo("charlm");
        assertThat(m.get("created").asLong()).isPositive();
    }

    /** status, error.param and error.code of a refused request. */
    void refused(HttpResponse<String> r, int status, String param, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode e = http().json(r).get("error");
        assertThat(e.get("message").asString()).isNotBlank();
        assertThat(e.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(e.has("param") && e.has("code")).isTrue();
        assertThat(e.get("param").isNull() ? null : e.get("param").asString()).isEqualTo(param);
        if (code != null) {
            assertThat(e.get("code").asString()).isEqualTo(code);
        }
    }

    HttpResponse<String> post(String body) {
        return http().postJson("/v1/completions", body);
    }

    @Test
    void everyRefusalOnV1HasOpenAisErrorShapeNamingTheField() {
        refused(post(model("\"prompt\": \"twin\", \"max_tokens\": 10001")), 400, "max_tokens", null);
        refused(post(model("\"logprobs\": 6")), 400, "logprobs", null);
        refused(post(model("\"stop\": [\"a\", \"b\", \"c\", \"d\", \"e\"]")), 400, "stop", null);
        refused(post(model("\"temperature\": 2.5")), 400, "temperature", null);
        refused(post(model("\"n\": 300")), 400, "n", null);
        refused(post(model("\"prompt\": \"✓ twin\"")), 400, "prompt", null);
        refused(post(model("\"prompt\": [\"twin\", \"" + "a".repeat(10_001) + "\"]")), 400, "prompt[1]", null);
        refused(post(model("\"max_tokens\": \"lots\"")), 400, "max_tokens", null);
        refused(post(model("\"temprature\": 1")), 400, "temprature", null);
        refused(post(model("\"suffix\": \"end\"")), 400, "suffix", null);
        refused(post("{\"model\": "), 400, null, null);
        refused(post("{\"prompt\": \"twin\"}"), 400, "model", null);
        refused(post("{\"model\": \"m-nosuchmodel\"}"), 404, "model", "model_not_found");
        refused(http().get("/v1/models/m-nosuchmodel"), 404, "model", "model_not_found");
        refused(http().send("POST", "/v1/completions", "text/plain", "hi".getBytes(StandardCharsets.UTF_8), "application/json"), 415, null, null);
        HttpResponse<String> wrongMethod = http().get("/v1/completions");
        refused(wrongMethod, 405, null, "method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        refused(http().send("DELETE", "/v1/models", null, null, "application/json"), 405, null, "method_not_allowed");
        refused(http().get("/v1/chat/nothing"), 404, null, "unknown_url");
        // the catch-all does not take OPTIONS from Spring
        HttpResponse<String> options = http().send("OPTIONS", "/v1/models", null, null, "application/json");
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET"));
    }

    @Test
    void everyOtherPathKeepsProblemJson() {
        HttpResponse<String> missing = http().get("/models/m-nosuchmodel");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(http().json(missing).get("title").asString()).isEqualTo("Model not found");
        HttpResponse<String> invalid = http().get("/models/" + UpgradeModels.GRU + "/sample?length=lots");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(http().json(invalid).get("errors").get(0).get("field").asString()).isEqualTo("length");
        HttpResponse<String> wrongMethod = http().send("DELETE", "/presets", null, null, "application/json");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void swaggerShowsTheEndpointsUnderTheirTagWithSnakeCaseFields() {
        JsonNode api = http().json(http().get("/v3/api-docs"));
        assertThat(api.get("paths").get("/v1/completions").get("post").get("tags").get(0).asString()).isEqualTo("OpenAI-compatible");
        assertThat(api.get("paths").get("/v1/models").get("get").get("tags").get(0).asString()).isEqualTo("OpenAI-compatible");
        JsonNode request = api.get("components").get("schemas").get("OpenAiCompletionRequest").get("properties");
        assertThat(request.has("max_tokens") && request.has("top_p") && request.has("top_k") && request.has("stream_options")).isTrue();
        assertThat(api.get("components").get("schemas").get("OpenAiModel").get("properties").has("owned_by")).isTrue();
        assertThat(api.get("paths").has("/v1/**")).isFalse();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
