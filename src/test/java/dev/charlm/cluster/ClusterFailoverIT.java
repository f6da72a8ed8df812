package dev.charlm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.Http;
import dev.charlm.storage.TestPostgres;
import dev.charlm.support.JarService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Cluster mode end to end, on real servers: a PostgreSQL (embedded) and an S3 API (s3proxy), and two replicas of the
 * packaged jar as child processes sharing them. Four jobs spread over both replicas; SSE on one replica streams a
 * job the other trains; one replica is killed (SIGKILL) mid-training and the other takes its jobs over from their
 * last checkpoints in the bucket and completes them; a replica started in its place samples every model exactly as
 * the survivor does; a replica paused (SIGSTOP) until its job is taken over is fenced off when it continues; cancel,
 * resume, a sweep and delete work across replicas. Prints the failover's timeline.
 */
@ExtendWith(S3ProxyExtension.class)
class ClusterFailoverIT {

    /** Small and quick, checkpointing often; long enough to be mid-training when a replica is killed. */
    private static final String MODEL = "{\"name\": \"%s\", \"corpus\": \"%s\", \"cell\": \"gru\", \"hiddenSize\": 32, "
            + "\"seqLength\": 16, \"batchSize\": 4, \"epochs\": 100000, \"evalEvery\": 25, \"maxSteps\": %d, \"seed\": %d}";
    private static final Duration LONG = Duration.ofSeconds(180);
    private static final String TEXT = "the time traveller was expounding a recondite matter to us. his grey eyes shone and twinkled.\n"
            .repeat(400);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void replicasShareTheJobsAndOneTakesOverTheJobsOfAReplicaKilledMidTraining() throws Exception {
        assertThat(JarService.JAR).as("the packaged jar (run this test with ./mvnw verify)").isRegularFile();
        String database = TestPostgres.uniqueName("failover");
        TestPostgres.emptyDatabase(database);
        S3Properties bucket = S3ProxyExtension.newBucket();
        List<String> cluster = List.of("--charlm.cluster.enabled=true",
                "--spring.datasource.url=" + TestPostgres.url().replace(TestPostgres.DATABASE, database),
                "--spring.datasource.username=postgres",
                "--charlm.blobs.s3.endpoint=" + bucket.endpoint(), "--charlm.blobs.s3.bucket=" + bucket.bucket(),
                "--charlm.blobs.s3.region=" + bucket.region(), "--charlm.blobs.s3.access-key=" + bucket.accessKey(),
                "--charlm.blobs.s3.secret-key=" + bucket.secretKey(), "--charlm.blobs.s3.path-style-access=true",
                "--charlm.blobs.s3.create-bucket=true", "--charlm.jobs.concurrency=2");
        System.out.println("ClusterFailoverIT: logs in " + work);

        JarService a = start("replica-a", cluster, work);
        JarService b = start("replica-b", cluster, work);
        JarService c = null;
        try {
            String corpus = a.http().uploadCorpus(TEXT);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {   // each replica takes the ones it queues itself first (immediate execution)
                JarService to = i % 2 == 0 ? a : b;
                ids.add(to.http().submit(MODEL.formatted("job-" + i, corpus, 6000, i)));
            }

            // both replicas train, each job is listed by both, and each names the replica that trains it
            Map<String, String> trainer = new HashMap<>();
            for (String id : ids) {
                JsonNode m = awaitCheckpointed(a.http(), id);
                trainer.put(id, m.get("node").asString());
                assertThat(b.http().json(b.http().get("/models/" + id)).get("node").asString()).isEqualTo(trainer.get(id));
            }
            System.out.println("trainers: " + trainer);
            assertThat(new HashSet<>(trainer.values())).containsExactlyInAnyOrder("replica-a", "replica-b");

            // SSE on replica a streams a job that replica b trains
            String onB = ids.stream().filter(id -> trainer.get(id).equals("replica-b")).findFirst().orElseThrow();
            List<String> events = events(a, onB, 3, Duration.ofSeconds(30));
            System.out.println("replica-a streams " + onB + " (trained by replica-b): " + events);
            assertThat(events).anyMatch(e -> e.startsWith("progress") || e.startsWith("point"));

            // kill replica b mid-training
            List<String> killed = ids.stream().filter(id -> trainer.get(id).equals("replica-b")).toList();
            Map<String, Long> stepAtKill = new HashMap<>();
            for (String id : killed) {
                JsonNode m = a.http().json(a.http().get("/models/" + id));
                assertThat(m.get("status").asString()).isEqualTo("RUNNING");
                stepAtKill.put(id, m.get("checkpointStep").asLong());
            }
            Instant killedAt = Instant.now();
            b.kill();
            System.out.printf("%s  replica-b killed (SIGKILL) while training %s at checkpoint steps %s%n", killedAt, killed, stepAtKill);

            for (String id : killed) {
                JsonNode end = a.http().awaitStatus("/models/" + id, LONG, "COMPLETED", "FAILED", "CANCELLED");
                assertThat(end.get("status").asString()).as(end.toString()).isEqualTo("COMPLETED");
                assertThat(end.get("node").asString()).isEqualTo("replica-a");
                assertThat(end.get("progress").get("step").asLong()).isEqualTo(6000);
                JsonNode moves = a.http().json(a.http().get("/models/" + id + "/history")).get("moves");
                assertThat(moves).as("the history records where the job moved").isNotNull();
                JsonNode last = moves.get(moves.size() - 1);
                assertThat(last.get("from").asString()).isEqualTo("replica-b");
                assertThat(last.get("to").asString()).isEqualTo("replica-a");
                assertThat(last.get("reason").asString()).contains("replica-b stopped heartbeating");
                assertThat(last.get("step").asLong()).as("resumed from a checkpoint, not from the start")
                        .isGreaterThanOrEqualTo(stepAtKill.get(id)).isPositive();
                System.out.printf("%s  %s taken over by replica-a from the checkpoint of step %d (%.1f s after the kill)%n",
                        last.get("at").asString(), id, last.get("step").asLong(),
                        Duration.between(killedAt, Instant.parse(last.get("at").asString())).toMillis() / 1000.0);
                System.out.printf("%s  %s COMPLETED at step %d on replica-a%n", end.get("finishedAt").asString(), id,
                        end.get("progress").get("step").asLong());
            }
            for (String id : ids) {
                JsonNode end = a.http().awaitStatus("/models/" + id, LONG, "COMPLETED", "FAILED", "CANCELLED");
                assertThat(end.get("status").asString()).as(end.toString()).isEqualTo("COMPLETED");
            }

            // a new replica samples every model exactly as the survivor does
            c = start("replica-c", cluster, work);
            for (String id : ids) {
                String path = "/models/" + id + "/sample?length=60&seed=7&prefix=the";
                HttpResponse<String> fromA = a.http().get(path);
                HttpResponse<String> fromC = c.http().get(path);
                assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(200);
                assertThat(fromC.body()).isEqualTo(fromA.body());
            }

            // cancel from the replica that does not train the job
            String cancelled = a.http().submit(MODEL.formatted("cancelled", corpus, 1_000_000, 9));
            JsonNode running = awaitCheckpointed(c.http(), cancelled);
            JarService other = running.get("node").asString().equals("replica-a") ? c : a;
            assertThat(other.http().postJson("/models/" + cancelled + "/cancel", "").statusCode()).isEqualTo(202);
            JsonNode end = other.http().awaitStatus("/models/" + cancelled, Duration.ofSeconds(60), "CANCELLED", "COMPLETED", "FAILED");
            assertThat(end.get("status").asString()).isEqualTo("CANCELLED");

            // resume from the other replica: it continues from the checkpoint the cancel left, wherever it runs
            long cancelledAt = end.get("checkpointStep").asLong();
            JarService resumer = other == a ? c : a;
            HttpResponse<String> resumed = resumer.http().postJson("/models/" + cancelled + "/resume",
                    "{\"maxSteps\": " + (cancelledAt + 200) + "}");
            assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
            JsonNode finished = other.http().awaitStatus("/models/" + cancelled, LONG, "COMPLETED", "FAILED");
            assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("COMPLETED");
            assertThat(finished.get("progress").get("step").asLong()).isEqualTo(cancelledAt + 200);

            // a replica presumed dead comes back (SIGSTOP long enough for a takeover, then SIGCONT): it is fenced off
            String paused = a.http().submit(MODEL.formatted("paused", corpus, 12000, 11));
            JarService x = awaitCheckpointed(a.http(), paused).get("node").asString().equals("replica-a") ? a : c;
            JarService y = x == a ? c : a;
            x.signal("STOP");
            Instant pausedAt = Instant.now();
            JsonNode moved = awaitNode(y.http(), paused, y.name());
            long takenAt = moved.get("checkpointStep").asLong();
            System.out.printf("%s  %s paused (SIGSTOP) while training %s; %s took it over from the checkpoint of step %d%n",
                    pausedAt, x.name(), paused, y.name(), takenAt);
            x.signal("CONT");
            JsonNode done = y.http().awaitStatus("/models/" + paused, LONG, "COMPLETED", "FAILED", "CANCELLED");
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("node").asString()).isEqualTo(y.name());
            assertThat(x.logContains("Training " + paused + " stops on this replica"))
                    .as("the paused replica's run was refused at its first write after the takeover").isTrue();
            assertThat(x.http().json(x.http().get("/models/" + paused)).get("node").asString())
                    .as("the paused replica's copy follows the job's new holder").isEqualTo(y.name());
            System.out.printf("%s  %s resumed (SIGCONT), its next write was refused; %s COMPLETED on %s%n",
                    Instant.now(), x.name(), paused, y.name());

            // a sweep from one replica runs across both, and either ranks it
            HttpResponse<String> sweep = c.http().postJson("/sweeps", "{\"name\": \"cells\", \"corpus\": \"" + corpus + "\","
                    + " \"base\": {\"hiddenSize\": 16, \"seqLength\": 16, \"batchSize\": 4, \"maxSteps\": 3000, \"evalEvery\": 500},"
                    + " \"grid\": {\"cell\": [\"rnn\", \"gru\", \"lstm\"], \"optimizer.learningRate\": [0.003, 0.01]}}");
            assertThat(sweep.statusCode()).as(sweep.body()).isEqualTo(202);
            String sweepId = c.http().json(sweep).get("id").asString();
            JsonNode ranked = awaitSweep(a.http(), sweepId);
            System.out.println("sweep " + sweepId + " as replica-a ranks it:");
            Set<String> sweepNodes = new HashSet<>();
            for (JsonNode run : ranked.get("runs")) {
                String node = a.http().json(a.http().get("/models/" + run.get("modelId").asString())).get("node").asString();
                sweepNodes.add(node);
                System.out.printf("  %-8s %-12s %-6s ppl %.3f  %s%n", run.get("modelId").asString(), run.get("values"), node,
                        run.get("bestValidationPerplexity").asDouble(), run.path("best").asBoolean() ? "best" : "");
            }
            assertThat(ranked.get("runs")).hasSize(6);
            assertThat(sweepNodes).containsExactlyInAnyOrder("replica-a", "replica-c");

            // delete from one replica: gone from the other, checkpoint and all
            String deleted = ids.get(0);
            assertThat(c.http().send("DELETE", "/models/" + deleted, null, null, null).statusCode()).isEqualTo(204);
            awaitGone(a.http(), deleted);
        } finally {
            a.kill();
            b.kill();
            if (c != null) {
                c.kill();
            }
        }
    }

    private static JsonNode awaitCheckpointed(Http http, String id) throws InterruptedException {
        long end = System.nanoTime() + LONG.toNanos();
        JsonNode m = null;
        while (System.nanoTime() < end) {
            m = http.json(http.get("/models/" + id));
            if (m.get("status").asString().equals("RUNNING") && m.has("checkpointStep") && m.has("node")) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("model " + id + " did not run and checkpoint: " + m);
    }

    private static JsonNode awaitNode(Http http, String id, String node) throws InterruptedException {
        long end = System.nanoTime() + LONG.toNanos();
        JsonNode m = null;
        while (System.nanoTime() < end) {
            m = http.json(http.get("/models/" + id));
            if (m.get("status").asString().equals("RUNNING") && node.equals(m.path("node").asString(null))) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("model " + id + " was not taken over by " + node + ": " + m);
    }

    private static JsonNode awaitSweep(Http http, String id) throws InterruptedException {
        long end = System.nanoTime() + LONG.toNanos();
        JsonNode s = null;
        while (System.nanoTime() < end) {
            s = http.json(http.get("/sweeps/" + id));
            if (s.get("status").asString().equals("COMPLETED")) {
                return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("sweep " + id + " did not complete: " + s);
    }

    private static void awaitGone(Http http, String id) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            if (http.get("/models/" + id).statusCode() == 404) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("model " + id + " is still listed");
    }

    private static JarService start(String name, List<String> cluster, Path work) throws IOException, InterruptedException {
        List<String> settings = new ArrayList<>(List.of("--charlm.cluster.node-name=" + name, "--charlm.bootstrap.enabled=false",
                "--charlm.jobs.threads=1", "--charlm.data-dir=" + work.resolve(name)));
        settings.addAll(cluster);
        return JarService.start(name, settings, work.resolve(name + ".log"));
    }

    /** The names and first bytes of the first {@code n} events of the job's stream on this replica. */
    private static List<String> events(JarService replica, String id, int n, Duration timeout) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + replica.port() + "/models/" + id + "/events").toURL()
                .openConnection();
        c.setRequestProperty("Accept", "text/event-stream");
        c.setReadTimeout((int) timeout.toMillis());
        List<String> out = new ArrayList<>();
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                String event = null;
                for (String line; out.size() < n && (line = in.readLine()) != null; ) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && event != null) {
                        out.add(event + " " + line.substring(5, Math.min(line.length(), 60)).trim());
                        event = null;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            c.disconnect();
        }
        return out;
    }
}
