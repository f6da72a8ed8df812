package dev.charlm.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@value #REQUESTS} generated malformed requests (seed {@value #SEED}) across every endpoint of a service
 * holding one tiny trained model: none gets a 5xx, every 4xx is problem+json with the response's status and
 * nothing internal in it, and every request that could change something is refused and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FuzzTest {

    static final long SEED = 9457L;
    static final int REQUESTS = 2000;

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void malformedRequestsToEveryEndpointGetProblemsNeverAServerErrorAndChangeNothing() {
        Http http = new Http(port);
        String corpus = http.json(http.send("POST", "/corpora?name=letters", "text/plain; charset=utf-8",
                "abc def abcd efab cdef\n".repeat(40).getBytes(StandardCharsets.UTF_8), "application/json")).get("id").asString();
        HttpResponse<String> posted = http.postJson("/models", """
                {"corpus": "%s", "cell": "rnn", "hiddenSize": 8, "seqLength": 8, "batchSize": 4, "epochs": 1}""".formatted(corpus));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String model = http.json(posted).get("id").asString();
        assertThat(http.awaitStatus("/models/" + model, Duration.ofSeconds(60), "COMPLETED", "FAILED").get("status").asString())
                .isEqualTo("COMPLETED");

        RawHttp raw = new RawHttp(port);
        JsonNode modelsBefore = http.json(http.get("/models"));
        JsonNode corporaBefore = http.json(http.get("/corpora"));

        System.out.printf("FuzzTest seed %d: sending %d requests%n", SEED, REQUESTS);
        MalformedRequests requests = new MalformedRequests(new Random(SEED), model, corpus);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> perEndpoint = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            MalformedRequests.Request q = requests.next();
            RawHttp.Response r = raw.send(q.method(), q.target(), q.headers(), q.body());
            statuses.merge(r.status(), 1, Integer::sum);
            perEndpoint.merge(q.endpoint(), 1, Integer::sum);
            List<String> why = new ArrayList<>();
            if (r.status() >= 500) {
                why.add("a server error");
            }
            if (r.status() >= 400) {
                why.addAll(Problems.violations(r, data));
            } else if (q.mutating()) {
                why.add("a request that could change something was accepted");
            }
            if (!why.isEmpty()) {
                failures.add("#" + i + " " + q + " -> " + r.status() + " " + r.contentType() + ": " + why + " "
                        + RawHttp.abbreviate(r.text()));
            }
        }
        System.out.printf("FuzzTest seed %d: %d requests in %.1f s, statuses %s%n", SEED, REQUESTS,
                (System.nanoTime() - start) / 1e9, statuses);
        System.out.println("FuzzTest requests per endpoint: " + perEndpoint);

        assertThat(failures).as("seed " + SEED + ", " + failures.size() + " bad responses").isEmpty();
        assertThat(perEndpoint.keySet()).containsExactlyInAnyOrderElementsOf(requests.endpoints());
        assertThat(http.json(http.get("/models"))).isEqualTo(modelsBefore);
        assertThat(http.json(http.get("/corpora"))).isEqualTo(corporaBefore);
    }
}
