package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.Http;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The event streams cannot exhaust the service: beyond {@code charlm.jobs.max-event-streams} one more
 * answers 429, and a client that never reads its stream does not hold up the training that feeds it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(180)
class EventStreamLimitsTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.jobs.max-event-streams", () -> "2");
        r.add("charlm.jobs.event-queue", () -> "200");
        // long enough that a write blocked on a stalled client would hold training far beyond this test's patience
        r.add("server.tomcat.connection-timeout", () -> "300s");
    }

    @LocalServerPort
    int port;

    @Autowired
    JobEvents events;

    /** A small job that publishes a point every {@code logEvery} steps. */
    String job(Http http, String options) {
        String corpus = http.uploadCorpus(JobEventsTest.TEXT);
        return http.submit(("{\"corpus\": \"%s\", \"hiddenSize\": 8, \"seqLength\": 8, \"batchSize\": 2, " + options + "}")
                .formatted(corpus));
    }

    @Test
    void beyondTheMostEventStreamsOneMoreAnswers429AndOpensNothing() {
        Http http = new Http(port);
        String id = job(http, "\"epochs\": 100000, \"logEvery\": 20");
        try (JobEventsTest.Sse first = JobEventsTest.Sse.open(port, id, null);
             JobEventsTest.Sse second = JobEventsTest.Sse.open(port, id, null)) {
            assertThat(first.next()).isNotNull();
            assertThat(second.next()).isNotNull();
            HttpResponse<String> third = http.send("GET", "/models/" + id + "/events", null, null, "text/event-stream");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(http.json(third).get("detail").asString()).contains("all 2 event streams are open");
            assertThat(events.counted()).as("a refused stream takes no slot").isEqualTo(2);
        }
        // the server notices the closed streams at its next write (an event every step) and frees their slots
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (events.counted() > 0 && System.nanoTime() < end) {
            JobEventsTest.sleep(50);
        }
        assertThat(events.counted()).isZero();
        try (JobEventsTest.Sse again = JobEventsTest.Sse.open(port, id, null)) {
            assertThat(again.next()).isNotNull();
        }
        http.send("POST", "/models/" + id + "/cancel", null, null, "application/json");
        http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "CANCELLED");
    }

    @Test
    void aClientThatNeverReadsItsStreamDoesNotStallTraining() throws Exception {
        Http http = new Http(port);
        // ~2 KB sample events every step: megabytes, far more than the socket buffers between the service and the client hold
        String id = job(http, "\"logEvery\": 1, \"maxSteps\": 3000, \"sampleEvery\": 1, \"samplePrefixes\": [\"the\"], \"sampleLength\": 2000, \"evalEvery\": 1000");
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("localhost", port));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /models/" + id + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // never read: the service's writes to it block once the buffers are full
            JsonNode done = http.awaitStatus("/models/" + id, Duration.ofSeconds(90), "COMPLETED", "FAILED");
            assertThat(done.get("status").asString()).as("training went on while the client stalled").isEqualTo("COMPLETED");
            assertThat(done.get("progress").get("step").asLong()).isEqualTo(3000);
        }
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (events.counted() > 0 && System.nanoTime() < end) {
            JobEventsTest.sleep(50);
        }
        assertThat(events.counted()).as("the dropped stream's slot is freed when its connection ends").isZero();
        // what it missed is still there for the reconnect
        assertThat(JobEventsTest.Sse.readAll(port, id, null)).extracting(JobEventsTest.Event::name).contains("end");
    }
}
