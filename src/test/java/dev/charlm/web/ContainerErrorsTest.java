package dev.charlm.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The errors the container raises before Spring sees the request, and those the application used to answer
 * with a 500, are problem+json like every other error. Over a raw socket: java.net.http refuses most of these URIs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContainerErrorsTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anEncodedSlashInAPathIsABadRequestProblem() {
        JsonNode p = problem(raw().get("/models/..%2F..%2Fetc%2Fpasswd/sample", "application/json"), 400);
        assertThat(p.get("instance").asString()).isEqualTo("/models/..%2F..%2Fetc%2Fpasswd/sample");
        assertThat(p.get("detail").asString()).contains("encoded slashes");
    }

    @Test
    void anEncodedNulInAPathIsABadRequestProblem() {
        problem(raw().send("DELETE", "/corpora/%00", Map.of(), null), 400);
        problem(raw().get("/models/a%00b/history", null), 400);
    }

    @Test
    void angleBracketsInAPathAreAProblemEncodedOrRaw() {
        problem(raw().get("/corpora/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "text/html"), 400);
        JsonNode notFound = problem(raw().get("/corpora/%3Cscript%3E", "text/html,*/*"), 404);
        assertThat(notFound.get("title").asString()).isEqualTo("Corpus not found");   // Spring's own body, unchanged
        JsonNode rawBrackets = problem(raw().get("/corpora/<script>", null), 400);
        assertThat(rawBrackets.toString()).doesNotContain("<script>");
    }

    @Test
    void anUnknownPathIsANotFoundProblemEvenForABrowser() {
        problem(raw().get("/no/such/path", "application/json"), 404);
        problem(raw().get("/no/such/path", "text/html,application/xhtml+xml"), 404);
        problem(raw().get("/error", "text/html"), 404);
    }

    @Test
    void aWrongMethodIsAMethodNotAllowedProblem() {
        problem(raw().send("PUT", "/models", Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8)), 405);
        problem(raw().send("PATCH", "/presets", Map.of(), null), 405);
    }

    @Test
    void anUnacceptableAcceptIsANotAcceptableProblem() {
        problem(raw().get("/models", "image/png"), 406);
        problem(raw().get("/presets", "text/html"), 406);
    }

    @Test
    void anUnparsableAcceptIsANotAcceptableProblemNotAnEmpty406() {
        problem(raw().get("/corpora", "garbage/"), 406);
        problem(raw().get("/models/m-none", "text/"), 406);
        problem(raw().get("/no/such/path", "garbage/"), 404);
    }

    @Test
    void anOversizedUriOrHeaderIsAProblemWithTheStatusTomcatGives() {
        // Tomcat 11 answers 400 to both (its request line and headers share max-http-request-header-size)
        RawHttp.Response uri = raw().get("/models?prefix=" + "a".repeat(20_000), null);
        assertThat(uri.status()).isIn(400, 414);
        problem(uri, uri.status());
        RawHttp.Response header = raw().send("GET", "/models", Map.of("X-Padding", "b".repeat(20_000)), null);
        assertThat(header.status()).isIn(400, 431);
        problem(header, header.status());
    }

    @Test
    void aRequestLineThatIsNotHttpIsABadRequestProblem() {
        problem(raw().send("GET", "/models/\u0001 junk", Map.of(), null), 400);
    }

    @Test
    void aQueryParameterThatIsNotUtf8IsABadRequestNotAServerError() {
        JsonNode p = problem(raw().get("/models/m-nonexist22/sample?prefix=%E0%80", "application/json"), 400);
        assertThat(p.get("title").asString()).isEqualTo("Unreadable request parameters");
        problem(raw().get("/models/m-nonexist22/sample?prefix=%FF", "text/event-stream"), 400);
    }

    @Test
    void aTruncatedOrBoundlessMultipartUploadIsABadRequestNotAServerError() {
        byte[] truncated = "--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc"
                .getBytes(StandardCharsets.UTF_8);
        JsonNode p = problem(raw().send("POST", "/corpora", Map.of("Content-Type", "multipart/form-data; boundary=xx"), truncated), 400);
        assertThat(p.get("title").asString()).isEqualTo("Malformed multipart body");
        problem(raw().send("POST", "/corpora", Map.of("Content-Type", "multipart/form-data"), "abc".getBytes(StandardCharsets.UTF_8)), 400);
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedWithoutJavaClassNames() {
        JsonNode p = problem(raw().send("POST", "/models", Map.of("Content-Type", "application/json"),
                "{\"corpus\": \"jaychou\", \"epochs\": \"abc\"}".getBytes(StandardCharsets.UTF_8)), 400);
        assertThat(p.get("detail").asString()).startsWith("epochs: ").contains("integer").doesNotContain("java.", "`");
        assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo("epochs");
    }

    private RawHttp raw() {
        return new RawHttp(port);
    }

    private JsonNode problem(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(Problems.violations(r, data)).as(r.text()).isEmpty();
        return json.readTree(r.text());
    }
}
