package dev.charlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The limits that protect the process from one request: a job's memory, the size of a JSON body and
 * the length of a prefix. Each refusal is a problem+json and leaves nothing behind.
 */
@Timeout(180)
class LimitsTest {

    @TempDir
    Path data;

    static final String TEXT = JobLifecycleTest.TEXT;

    static String upload(Http http) {
        return http.uploadCorpus(TEXT);
    }

    int models() throws Exception {
        Path dir = data.resolve("models");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.count();
        }
    }

    static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void aJobThatWouldNeedMoreMemoryThanTheLimitIsRefusedAndStoresNothing() throws Exception {
        String corpus;
        String small;
        try (ConfigurableApplicationContext c = JobLifecycleTest.start(data, "--charlm.bootstrap.enabled=false",
                "--charlm.jobs.max-memory=64MB")) {
            Http http = JobLifecycleTest.http(c);
            corpus = upload(http);
            // about 26 million parameters, within the parameter limit: about 1 GB with Adam, far over 64 MB
            HttpResponse<String> big = http.postJson("/models",
                    "{\"corpus\": \"%s\", \"cell\": \"lstm\", \"hiddenSize\": 2500, \"seqLength\": 16, \"batchSize\": 4}".formatted(corpus));
            assertProblem(big, 400);
            JsonNode p = http.json(big);
            assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo("hiddenSize");
            assertThat(p.get("errors").get(0).get("message").asString()).contains("charlm.jobs.max-memory");
            assertThat(p.get("limitBytes").asLong()).isEqualTo(64L << 20);
            assertThat(p.get("estimatedBytes").asLong()).isGreaterThan(800L << 20);
            assertThat(http.json(http.get("/models")).size()).as("a refused job is not registered").isZero();
            assertThat(models()).as("nor stored").isZero();

            HttpResponse<String> ok = http.postJson("/models",
                    "{\"corpus\": \"%s\", \"hiddenSize\": 16, \"seqLength\": 8, \"batchSize\": 2, \"maxSteps\": 4}".formatted(corpus));
            assertThat(ok.statusCode()).isEqualTo(202);
            small = http.json(ok).get("id").asString();
            http.awaitStatus("/models/" + small, Duration.ofSeconds(60), "COMPLETED", "FAILED");
        }
        try (ConfigurableApplicationContext c = JobLifecycleTest.start(data, "--charlm.bootstrap.enabled=false",
                "--charlm.jobs.max-memory=1KB")) {
            Http http = JobLifecycleTest.http(c);
            JsonNode before = http.json(http.get("/models/" + small));
            HttpResponse<String> resumed = http.postJson("/models/" + small + "/resume", "{\"maxSteps\": 8}");
            assertProblem(resumed, 400);
            assertThat(http.json(resumed).get("limitBytes").asLong()).isEqualTo(1024);
            assertThat(http.json(http.get("/models/" + small))).as("a refused resume changes nothing").isEqualTo(before);
        }
    }

    @Test
    void aJsonBodyOverTheLimitIsRefusedWith413WhetherItsLengthIsGivenOrNot() throws Exception {
        try (ConfigurableApplicationContext c = JobLifecycleTest.start(data, "--charlm.bootstrap.enabled=false",
                "--charlm.web.max-json-body=2KB")) {
            Http http = JobLifecycleTest.http(c);
            String corpus = upload(http);
            String padded = "{\"corpus\": \"%s\", \"name\": \"%s\", \"maxSteps\": 1}".formatted(corpus, "x".repeat(4000));

            HttpResponse<String> sized = http.postJson("/models", padded);
            assertProblem(sized, 413);
            assertThat(http.json(sized).get("limitBytes").asLong()).isEqualTo(2048);

            int port = c.getEnvironment().getProperty("local.server.port", Integer.class);
            byte[] bytes = padded.getBytes(StandardCharsets.UTF_8);
            HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/models"))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
            HttpResponse<String> streamed = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(chunked, HttpResponse.BodyHandlers.ofString());
            assertProblem(streamed, 413);
            assertThat(http.json(streamed).get("detail").asString()).contains("charlm.web.max-json-body");

            assertThat(http.json(http.get("/models")).size()).as("a refused body starts no job").isZero();
            assertThat(models()).isZero();
            assertThat(http.postJson("/models", "{\"corpus\": \"%s\", \"maxSteps\": 1}".formatted(corpus)).statusCode())
                    .as("a body within the limit is read as before").isEqualTo(202);
        }
    }

    @Test
    void aPrefixLongerThanTheLimitIsRefused() throws Exception {
        try (ConfigurableApplicationContext c = JobLifecycleTest.start(data, "--charlm.bootstrap.enabled=false",
                "--charlm.sampling.max-prefix=20")) {
            Http http = JobLifecycleTest.http(c);
            String corpus = upload(http);
            String id = http.json(http.postJson("/models",
                    "{\"corpus\": \"%s\", \"hiddenSize\": 16, \"seqLength\": 8, \"batchSize\": 2, \"maxSteps\": 2}".formatted(corpus)))
                    .get("id").asString();
            http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "COMPLETED");
            String ok = "the time traveller ";   // 19 characters
            String tooLong = ok + "wa";

            assertThat(http.get("/models/" + id + "/sample?length=3&prefix=" + ok.replace(" ", "%20")).statusCode()).isEqualTo(200);
            HttpResponse<String> one = http.get("/models/" + id + "/sample?length=3&prefix=" + tooLong.replace(" ", "%20"));
            assertProblem(one, 400);
            assertThat(http.json(one).get("errors").get(0).get("field").asString()).isEqualTo("prefix");
            assertThat(http.json(one).get("errors").get(0).get("message").asString()).contains("at most 20 characters");

            HttpResponse<String> streamed = http.send("GET", "/models/" + id + "/sample?length=3&prefix=" + tooLong.replace(" ", "%20"),
                    null, null, "text/event-stream");
            assertProblem(streamed, 400);

            HttpResponse<String> many = http.postJson("/models/" + id + "/samples",
                    "{\"prefixes\": [\"%s\", \"%s\"], \"length\": 3}".formatted(ok, tooLong));
            assertProblem(many, 400);
            assertThat(http.json(many).get("errors").get(0).get("field").asString()).isEqualTo("prefixes[1]");
        }
    }
}
