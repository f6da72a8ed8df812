package dev.charlm.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drives the error paths over real HTTP (unknown and malformed ids, bad bodies, damaged and missing model files)
 * and scans every body: no absolute path of the data directory, no user name, no exception class or stack frame.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NoLeaksTest {

    private static final String TEXT = "the quick brown fox jumps over the lazy dog\n".repeat(40);

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    static Http http;
    static String damaged;
    static String missing;
    static String corpus;

    @BeforeAll
    static void trainTwoTinyModels(@LocalServerPort int port) throws Exception {
        http = new Http(port);
        corpus = http.uploadCorpus(TEXT);
        damaged = train();
        missing = train();
        Files.write(data.resolve("models").resolve(damaged).resolve("model.clm"), "not a model at all".getBytes(StandardCharsets.UTF_8));
        Files.delete(data.resolve("models").resolve(missing).resolve("model.clm"));
    }

    private static String train() {
        String id = http.submit("""
                {"corpus": "%s", "cell": "rnn", "hiddenSize": 8, "seqLength": 8, "batchSize": 2, "maxSteps": 2, "evalEvery": 1}
                """.formatted(corpus));
        http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "COMPLETED", "FAILED");
        return id;
    }

    @Test
    void theIdsTheServiceMakesPassTheBoundaryCheck() {
        assertThat(IdCheck.MODEL_ID.matcher(damaged).matches()).isTrue();
        assertThat(IdCheck.CORPUS_ID.matcher(corpus).matches()).isTrue();
        assertThat(IdCheck.CORPUS_ID.matcher("tinyshakespeare").matches()).isTrue();
    }

    @Test
    void malformedIdsAre404ProblemsLikeUnknownOnes() {
        for (String path : List.of("/models/m-abc.defghij", "/models/M-ABCDEFGHIJ", "/models/x/history",
                "/corpora/Bad.Name", "/models/m-abcdefghij", "/corpora/c-abcdefghij")) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        }
    }

    @Test
    void aDamagedModelFileIsA500ThatNamesTheFileButNotItsPath() {
        HttpResponse<String> r = http.get("/models/" + damaged + "/sample?length=5");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        assertThat(r.body()).contains("model.clm");
        assertClean(r, "damaged model file");
    }

    @Test
    void aProblemThatNamesAFileInTheDataDirectorySaysDataDirInstead() {
        PathRedaction redaction = new PathRedaction(data);
        String detail = data.toAbsolutePath() + "/models/m-abcdefghij/model.clm: no such model file";
        assertThat(redaction.redact(detail)).isEqualTo("<data-dir>/models/m-abcdefghij/model.clm: no such model file");
    }

    @Test
    void noErrorBodyCarriesAPathAUserNameOrAStackTrace() {
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(http.get("/models/" + damaged + "/sample?length=5"));
        answers.add(http.get("/models/" + missing + "/sample?length=5"));
        answers.add(http.postJson("/models/" + damaged + "/score", "{\"text\": \"the fox\"}"));
        answers.add(http.postJson("/models/" + damaged + "/samples", "{\"prefixes\": [\"t\"], \"length\": 3}"));
        answers.add(http.get("/models/" + damaged + "/file"));
        answers.add(http.get("/models/" + missing + "/file"));
        answers.add(http.postJson("/models/" + damaged + "/resume", "{\"maxSteps\": 10}"));
        answers.add(http.get("/models/" + damaged + "/sample?length=abc"));
        answers.add(http.get("/models/m-abcdefghij/history"));
        answers.add(http.get("/models/m-abc.defghij/file"));
        answers.add(http.get("/corpora/Bad.Name"));
        answers.add(http.postJson("/models", "{"));
        answers.add(http.postJson("/models", "{\"corpus\": \"nope\"}"));
        answers.add(http.postJson("/models", "{\"corpus\": \"" + corpus + "\", \"bogus\": 1}"));
        answers.add(http.postJson("/models", "{\"corpus\": \"" + corpus + "\", \"hiddenSize\": \"big\"}"));
        answers.add(http.send("POST", "/corpora", "text/plain", new byte[]{(byte) 0xff, (byte) 0xfe}, "application/json"));
        answers.add(http.send("POST", "/models", "application/xml", "<x/>".getBytes(StandardCharsets.UTF_8), "application/json"));
        answers.add(http.send("DELETE", "/corpora/jaychou", null, null, "application/json"));
        answers.add(http.send("DELETE", "/corpora/" + corpus, null, null, "application/json"));
        answers.add(http.get("/models"));
        answers.add(http.get("/models/" + damaged));
        for (HttpResponse<String> r : answers) {
            assertClean(r, r.request().method() + " " + r.uri().getPath());
        }
        assertThat(answers.stream().filter(r -> r.statusCode() >= 400).count()).isGreaterThan(15);
    }

    private static void assertClean(HttpResponse<String> r, String what) {
        String body = r.body();
        assertThat(body).as(what).doesNotContain(data.toAbsolutePath().toString());
        assertThat(body).as(what).doesNotContain(data.toAbsolutePath().getParent().toString() + "/");
        assertThat(body).as(what).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("\n\tat");
        String user = System.getProperty("user.name");
        // a user name that is also an everyday word is looked for as a path segment only
        if (Set.of("root", "user", "app", "runner", "admin").contains(user)) {
            assertThat(body).as(what).doesNotContain("/" + user + "/");
        } else {
            assertThat(body).as(what).doesNotContain(user);
        }
    }
}
