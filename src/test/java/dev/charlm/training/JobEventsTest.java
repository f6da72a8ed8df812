package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event stream over real HTTP, read as raw SSE text the way a browser's EventSource reads it:
 * ids, point events, a reconnection with Last-Event-ID that neither loses nor repeats a point, and
 * a reset for an id the service did not issue.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(180)
class JobEventsTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    JobEvents events;

    static final String TEXT = "the time traveller was expounding a recondite matter to us. ".repeat(200);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aClientThatReconnectsWithTheLastIdGetsEveryPointOnceAndNoOther() {
        Http http = new Http(port);
        // long enough to disconnect in the middle; both limits keep it under the log's 10,000 events
        String id = train(http, 5000, 20.0);

        String epoch;
        try (Sse live = Sse.open(port, id, null)) {
            List<Event> seen = live.readUntil(count("point", 5));
            assertThat(live.retry).as("the reconnection hint").isEqualTo("1000");
            assertThat(seen.get(0).name()).isEqualTo("status");
            epoch = seen.get(0).epoch();
            assertThat(seen).allSatisfy(e -> assertThat(e.epoch()).isEqualTo(epoch));
            assertThat(seqs(seen)).as("ids count up").isSorted().doesNotHaveDuplicates();
            JsonNode point = JSON.readTree(seen.get(seen.size() - 1).data());
            assertThat(point.has("step") && point.has("trainLoss") && point.has("learningRate")).as(point.toString()).isTrue();
        }

        // from the job's first event on (the id before any), then drop the connection in the middle of training
        List<Event> first;
        try (Sse s = Sse.open(port, id, epoch + "-0")) {
            first = s.readUntil(count("point", 40));
        }
        assertThat(first).noneMatch(e -> e.name().equals("end") || e.name().equals("reset"));
        assertThat(first.get(0).seq()).as("the replay starts with the job's first event").isEqualTo(1);
        long lastStep = step(first.get(first.size() - 1));
        awaitStep(http, id, lastStep + 50);

        List<Event> second;
        try (Sse s = Sse.open(port, id, first.get(first.size() - 1).id())) {
            second = s.readUntil(e -> e.name().equals("end"));
            assertThat(s.next()).as("the stream closes after end").isNull();
        }
        assertThat(second.get(0).seq()).as("nothing between the two connections is lost").isEqualTo(first.get(first.size() - 1).seq() + 1);
        List<Event> both = new ArrayList<>(first);
        both.addAll(second);
        assertThat(seqs(both)).as("no event twice, none skipped").isEqualTo(range(1, both.size()));
        assertThat(both).allSatisfy(e -> assertThat(e.epoch()).isEqualTo(epoch));

        List<Long> streamed = both.stream().filter(e -> e.name().equals("point")).map(JobEventsTest::step).toList();
        List<Long> logged = new ArrayList<>();
        http.json(http.get("/models/" + id + "/history")).get("points").forEach(p -> logged.add(p.get("step").asLong()));
        assertThat(logged).hasSizeGreaterThan(90);
        assertThat(streamed).isEqualTo(logged);
        awaitNoOpenStream();
    }

    @Test
    void aFinishedJobReplaysWhatWasMissedAndAForeignIdGetsAResetFirst() {
        Http http = new Http(port);
        String id = train(http, 30, 0.0);
        http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "COMPLETED", "FAILED");

        List<Event> fresh = Sse.readAll(port, id, null);
        assertThat(names(fresh)).containsExactly("status", "end");
        String latest = fresh.get(0).id();
        assertThat(fresh.get(1).id()).as("both reflect the latest event").isEqualTo(latest);

        List<Event> nothingMissed = Sse.readAll(port, id, latest);
        assertThat(names(nothingMissed)).containsExactly("end");

        List<Event> all = Sse.readAll(port, id, "?lastEventId=" + fresh.get(0).epoch() + "-0");
        assertThat(all.get(all.size() - 1).name()).isEqualTo("end");
        assertThat(all.get(all.size() - 1).id()).isEqualTo(latest);
        assertThat(all.stream().filter(e -> e.name().equals("point"))).hasSize(30);

        List<Event> foreign = Sse.readAll(port, id, "0ldrun-12");
        assertThat(names(foreign)).containsExactly("reset", "status", "end");
        assertThat(JSON.readTree(foreign.get(0).data()).get("reason").asString()).contains("/models/" + id + "/history");
        awaitNoOpenStream();
    }

    @Test
    void theApiDocumentsTheEventsAndTheCsv() {
        Http http = new Http(port);
        JsonNode paths = http.json(http.get("/v3/api-docs")).get("paths");
        assertThat(paths.get("/models/{id}/events").get("get").get("description").asString())
                .contains("point").contains("Last-Event-ID").contains("reset");
        assertThat(paths.get("/models/{id}/history.csv").get("get").get("summary")).isNotNull();
    }

    /** A job with a history point every step. */
    static String train(Http http, long maxSteps, double maxSeconds) {
        String corpus = http.uploadCorpus(TEXT);
        return http.submit("""
                {"corpus": "%s", "cell": "gru", "hiddenSize": 64, "seqLength": 32, "batchSize": 8, "epochs": 100000,
                 "maxSteps": %d, "maxSeconds": %s, "evalEvery": 25, "logEvery": 1}
                """.formatted(corpus, maxSteps, maxSeconds));
    }

    static void awaitStep(Http http, String id, long step) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            JsonNode m = http.json(http.get("/models/" + id));
            if (m.get("progress").get("step").asLong() >= step || !m.get("status").asString().equals("RUNNING")) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError("model " + id + " did not reach step " + step);
    }

    void awaitNoOpenStream() {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.open() > 0 && System.nanoTime() < end) {
            sleep(20);
        }
        assertThat(events.open()).as("closed streams leave no heartbeat behind").isZero();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Predicate<Event> count(String name, int n) {
        int[] seen = {0};
        return e -> e.name().equals(name) && ++seen[0] == n;
    }

    static long step(Event e) {
        return JSON.readTree(e.data()).get("step").asLong();
    }

    static List<Long> seqs(List<Event> events) {
        return events.stream().map(Event::seq).toList();
    }

    static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    static List<String> names(List<Event> events) {
        return events.stream().map(Event::name).toList();
    }

    /** One dispatched SSE event. */
    record Event(String id, String name, String data) {
        String epoch() {
            return id.substring(0, id.lastIndexOf('-'));
        }

        long seq() {
            return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
        }
    }

    /** A raw text/event-stream read line by line, as the SSE specification parses it. */
    static final class Sse implements AutoCloseable {
        private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final BufferedReader in;
        private boolean closed;
        String retry;

        private Sse(InputStream in) {
            this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        /** {@code lastEventId}: null for none, "?..." for a query string, else the Last-Event-ID header. */
        static Sse open(int port, String model, String lastEventId) {
            boolean query = lastEventId != null && lastEventId.startsWith("?");
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/models/" + model + "/events"
                    + (query ? lastEventId : ""))).header("Accept", "text/event-stream");
            if (lastEventId != null && !query) {
                b.header("Last-Event-ID", lastEventId);
            }
            try {
                HttpResponse<InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                return new Sse(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        static List<Event> readAll(int port, String model, String lastEventId) {
            try (Sse s = open(port, model, lastEventId)) {
                List<Event> all = s.readUntil(e -> false);
                assertThat(s.closed()).isTrue();
                return all;
            }
        }

        /** Events up to and including the first that matches, or up to the end of the stream. */
        List<Event> readUntil(Predicate<Event> last) {
            List<Event> out = new ArrayList<>();
            Event e;
            while ((e = next()) != null) {
                out.add(e);
                if (last.test(e)) {
                    break;
                }
            }
            return out;
        }

        /** The next event, or null at the end of the stream; every event must carry an id. */
        Event next() {
            String id = null;
            String name = null;
            StringBuilder data = null;
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            assertThat(id).as("event " + name + " has an id").isNotNull();
                            return new Event(id, name == null ? "message" : name, data.toString());
                        }
                        continue;
                    }
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "" -> { }   // a comment
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "retry" -> retry = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> throw new AssertionError("unexpected SSE line: " + line);
                    }
                }
                closed = true;
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
