package dev.charlm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.kernel.Storage;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.storage.AtomicFiles;
import dev.charlm.support.JarService;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Kills the packaged service (SIGKILL) while a model trains, at seeded random moments, and restarts it on
 * the same data directory each time: every model still loads and samples, no temporary file is left, the
 * killed job is INTERRUPTED and resumes. In the end the job trains to COMPLETED, and its weights equal, bit
 * for bit, those of a run resumed once, without kills, from a copy of the data taken after the first kill
 * that left a checkpoint. Runs after {@code package} (Failsafe): {@code -Dcrash.rounds=50} for more rounds,
 * {@code -Dcrash.seed=N} to repeat a run.
 */
class CrashIT {

    private static final int ROUNDS = Integer.getInteger("crash.rounds", 10);
    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    /** Checkpoints every few milliseconds, so kills land in and around writes as often as between them. */
    private static final String MODEL = "{\"name\": \"%s\", \"corpus\": \"%s\", \"cell\": \"gru\", \"hiddenSize\": 32, "
            + "\"seqLength\": 16, \"batchSize\": 4, \"epochs\": 100000, \"evalEvery\": 4, \"sampleEvery\": 20, "
            + "\"sampleLength\": 20, \"maxSteps\": %d}";
    /** Steps the last resume trains past the last checkpoint, to COMPLETED. */
    private static final long FINAL_STEPS = 60;

    /** Kept when the test fails, with each service's log: its path is printed first. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aServiceKilledWhileTrainingRestartsWithEveryModelIntactAndResumesBitIdentically() throws Exception {
        assertThat(JarService.JAR).as("the packaged jar (run this test with ./mvnw verify)").isRegularFile();
        System.out.printf("CrashIT: %d rounds, seed %d (-Dcrash.seed=%d repeats them), data and logs in %s%n", ROUNDS, SEED, SEED, work);
        Random random = new Random(SEED);
        Path data = work.resolve("data");
        Path reference = null;
        String id;
        long last;
        JarService service = start(data, work.resolve("service-0.log"));
        try {
            Http http = service.http();
            String corpus = http.json(http.send("POST", "/corpora", "text/plain",
                    JobLifecycleTest.TEXT.getBytes(StandardCharsets.UTF_8), "application/json")).get("id").asString();
            String done = http.json(http.postJson("/models", MODEL.formatted("finished", corpus, 8))).get("id").asString();
            http.awaitStatus("/models/" + done, Duration.ofSeconds(60), "COMPLETED");
            id = http.json(http.postJson("/models", MODEL.formatted("killed", corpus, 0))).get("id").asString();

            for (int round = 1; round <= ROUNDS; round++) {
                long delay = 100 + random.nextInt(1400);
                Thread.sleep(delay);
                service.kill();
                int left = temporaries(data).size();   // a kill mid-write leaves one; the next start removes it
                Path file = data.resolve("models").resolve(id).resolve("model.clm");
                if (reference == null && Files.isRegularFile(file)) {
                    reference = work.resolve("reference");
                    copy(data, reference);
                }
                service = start(data, work.resolve("service-" + round + ".log"));
                http = service.http();
                Long checkpoint = checkEveryModel(http, List.of(done, id));
                JsonNode m = http.json(http.get("/models/" + id));
                assertThat(m.get("status").asString()).as("the killed job after round " + round).isEqualTo("INTERRUPTED");
                Long fileStep = Files.isRegularFile(file) ? ModelFile.read(file).state().step() : null;
                System.out.printf("round %d: killed %d ms into the run, leaving %d temporary files; restored INTERRUPTED, checkpoint step %s, "
                                + "model.clm step %s%s%n",
                        round, delay, left, checkpoint, fileStep,
                        java.util.Objects.equals(checkpoint, fileStep) ? ""
                                : " (the record lags the file: the known restore bug, killed between model.clm and job.json)");
                assertThat(temporaries(data)).as("temporary files after round " + round).isEmpty();
                String more = round < ROUNDS ? "{}" : "{\"maxSteps\": " + (stepOf(fileStep) + FINAL_STEPS) + "}";
                HttpResponse<String> resumed = http.postJson("/models/" + id + "/resume", more);
                assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
            }
            assertThat(reference).as("some kill left a checkpoint to compare from").isNotNull();
            JsonNode end = http.awaitStatus("/models/" + id, Duration.ofSeconds(120), "COMPLETED", "FAILED", "CANCELLED");
            assertThat(end.get("status").asString()).as(end.toString()).isEqualTo("COMPLETED");
            last = end.get("progress").get("step").asLong();
            checkEveryModel(http, List.of(done, id));
        } finally {
            service.kill();
        }

        // the same job resumed once, without kills, from the first checkpoint a kill left
        JarService quiet = start(reference, work.resolve("reference.log"));
        try {
            Http http = quiet.http();
            long from = ModelFile.read(reference.resolve("models").resolve(id).resolve("model.clm")).state().step();
            System.out.printf("reference: resumes from the checkpoint of step %d to step %d without kills%n", from, last);
            assertThat(http.postJson("/models/" + id + "/resume", "{\"maxSteps\": " + last + "}").statusCode()).isEqualTo(202);
            JsonNode end = http.awaitStatus("/models/" + id, Duration.ofSeconds(120), "COMPLETED", "FAILED", "CANCELLED");
            assertThat(end.get("status").asString()).as(end.toString()).isEqualTo("COMPLETED");
        } finally {
            quiet.kill();
        }
        Path killed = data.resolve("models").resolve(id).resolve("model.clm");
        Path unkilled = reference.resolve("models").resolve(id).resolve("model.clm");
        assertThat(ModelFile.read(killed).state().step()).isEqualTo(ModelFile.read(unkilled).state().step()).isEqualTo(last);
        Map<String, long[]> a = tensors(killed);
        Map<String, long[]> b = tensors(unkilled);
        assertThat(a.keySet()).isEqualTo(b.keySet()).contains("weights", "best", "optimizer.firstMoment", "state.hidden.0");
        List<String> differ = a.keySet().stream().filter(name -> !Arrays.equals(a.get(name), b.get(name))).toList();
        assertThat(differ).as("tensors of the killed run that differ from the unkilled run's").isEmpty();
        System.out.printf("the killed run's %s equal the unkilled run's, bit for bit%n", a.keySet());
    }

    /** Every model is listed and readable, and one with a checkpoint samples; returns the checkpoint step of the last. */
    private static Long checkEveryModel(Http http, List<String> ids) {
        List<String> listed = new java.util.ArrayList<>();
        http.json(http.get("/models")).forEach(m -> listed.add(m.get("id").asString()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ids);
        Long checkpoint = null;
        for (String id : ids) {
            HttpResponse<String> one = http.get("/models/" + id);
            assertThat(one.statusCode()).as(id).isEqualTo(200);
            assertThat(http.get("/models/" + id + "/history").statusCode()).as(id + "'s history").isEqualTo(200);
            JsonNode step = http.json(one).get("checkpointStep");
            checkpoint = step == null || step.isNull() ? null : step.asLong();
            if (checkpoint != null) {
                HttpResponse<String> sample = http.get("/models/" + id + "/sample?length=5");
                assertThat(sample.statusCode()).as(id + " samples: " + sample.body()).isEqualTo(200);
            }
        }
        return checkpoint;
    }

    private static long stepOf(Long step) {
        return step == null ? 0 : step;
    }

    /**
     * The file's tensors by name, as raw bits, and nothing else: the header holds a timestamp and wall-clock
     * times, and the file lists the optimizer's moments in a map's order, which differs from one JVM to the next.
     */
    private static Map<String, long[]> tensors(Path modelFile) throws IOException {
        Checkpoint cp = ModelFile.read(modelFile);
        Map<String, long[]> out = new TreeMap<>();
        out.put("weights", bits(cp.weights().storage()));
        out.put("best", bits(cp.best().storage()));
        cp.optimizerMoments().forEach((name, moment) -> out.put("optimizer." + name, bits(moment)));
        for (int l = 0; l < cp.carriedHidden().size(); l++) {
            out.put("state.hidden." + l, bits(cp.carriedHidden().get(l)));
        }
        for (int l = 0; l < cp.carriedCell().size(); l++) {
            out.put("state.cell." + l, bits(cp.carriedCell().get(l)));
        }
        return out;
    }

    private static long[] bits(Tensor t) {
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.doubleToRawLongBits(t.get(i));
        }
        return out;
    }

    private static long[] bits(Storage s) {
        long[] out = new long[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.doubleToRawLongBits(s.get(i));
        }
        return out;
    }

    private static List<Path> temporaries(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).filter(AtomicFiles::isTemporary).toList();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The packaged jar running as a child process on a free port. */

    private static JarService start(Path data, Path log) throws IOException, InterruptedException {
        return JarService.start("service", List.of("--charlm.data-dir=" + data, "--charlm.bootstrap.enabled=false", "--charlm.jobs.threads=1"), log);
    }
}
