package dev.charlm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.io.ModelFile;
import dev.charlm.storage.AtomicFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A disk that fills while a checkpoint is written: the data directory is a small tmpfs with room for one
 * checkpoint and a half, so the first checkpoint fits and the second (written beside the first before it
 * replaces it) does not. The job fails with a reason in words, the first checkpoint stays intact and
 * servable, nothing half-written is left, and once there is room again the job resumes from it.
 */
class FullDiskTest {

    private static Path mount;

    @BeforeAll
    static void mountTmpfs() throws Exception {
        mount = Files.createTempDirectory("charlm-full-disk");
        String why = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            why = "needs root to mount a tmpfs (the tests run as root in CI)";
        } else {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why = "cannot mount a tmpfs on " + mount + ": " + out;
            }
        }
        if (why != null) {
            Files.deleteIfExists(mount);
            mount = null;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(mount);
        }
    }

    /** GRU, H = 128, about 65,000 parameters: weights, best and two Adam moments make a checkpoint of about 1 MB. */
    private static final String MODEL = "{\"corpus\": \"%s\", \"cell\": \"gru\", \"hiddenSize\": 128, \"seqLength\": 16, "
            + "\"batchSize\": 4, \"epochs\": 1000, \"evalEvery\": 5, \"maxSteps\": %d}";

    @Test
    void aDiskThatFillsDuringACheckpointFailsTheJobAndKeepsThePreviousCheckpoint() throws Exception {
        try (ConfigurableApplicationContext app = JobLifecycleTest.start(mount, "--charlm.bootstrap.enabled=false")) {
            Http http = JobLifecycleTest.http(app);
            String corpus = http.uploadCorpus(JobLifecycleTest.TEXT);

            // a one-step run of the same model measures its checkpoint, then makes way
            String probe = http.submit(MODEL.formatted(corpus, 1));
            http.awaitStatus("/models/" + probe, Duration.ofSeconds(60), "COMPLETED", "FAILED");
            long checkpoint = Files.size(mount.resolve("models").resolve(probe).resolve("model.clm"));
            assertThat(checkpoint).as("a checkpoint of about 1 MB").isBetween(500_000L, 2_000_000L);
            assertThat(http.send("DELETE", "/models/" + probe, null, null, null).statusCode()).isEqualTo(204);

            Path filler = mount.resolve("filler");
            fill(filler, Files.getFileStore(mount).getUsableSpace() - checkpoint * 3 / 2);

            String id = http.submit(MODEL.formatted(corpus, 40));
            JsonNode failed = http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "COMPLETED", "FAILED");
            assertThat(failed.get("status").asString()).isEqualTo("FAILED");
            String reason = failed.get("reason").asString();
            assertThat(reason).startsWith("no space left on device while writing the checkpoint of step 10")
                    .doesNotContain(mount.toString()).doesNotContain("/").doesNotContain("Exception").doesNotContain("\n");
            assertThat(failed.get("checkpointStep").asLong()).isEqualTo(5);

            Path dir = mount.resolve("models").resolve(id);
            assertThat(ModelFile.read(dir.resolve("model.clm")).state().step()).as("the first checkpoint is intact").isEqualTo(5);
            assertThat(temporaries()).as("no temporary file is left").isEmpty();
            JsonNode onDisk = JsonMapper.builder().build().readTree(dir.resolve("job.json").toFile());
            assertThat(onDisk.get("status").asString()).isEqualTo("FAILED");
            assertThat(onDisk.get("reason").asString()).isEqualTo(reason);
            assertThat(onDisk.get("checkpointStep").asLong()).isEqualTo(5);
            assertThat(http.get("/models/" + id + "/sample?length=5").statusCode()).as("the first checkpoint serves").isEqualTo(200);

            Files.delete(filler);
            assertThat(http.postJson("/models/" + id + "/resume", "{}").statusCode()).isEqualTo(202);
            JsonNode done = http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "COMPLETED", "FAILED");
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("checkpointStep").asLong()).isEqualTo(40);
        }
    }

    /** Takes {@code bytes} of the disk with real blocks (tmpfs allocates only what is written). */
    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (long left = bytes; left > 0; left -= block.length) {
                f.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    private static List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.walk(mount)) {
            return files.filter(Files::isRegularFile).filter(AtomicFiles::isTemporary).toList();
        }
    }
}
