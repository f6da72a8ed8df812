package dev.charlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** What a process killed mid-write leaves in a model's directory is gone after the next start; the files it was replacing stay. */
class KilledWriteLeftoversTest {

    @TempDir
    Path data;

    @Test
    void aStartRemovesTheTemporaryFilesAndHalfDoneDeletionsAKilledServiceLeft() throws Exception {
        Path model = Files.createDirectories(data.resolve("models").resolve("m-leftovers"));
        Path tmp = Files.write(model.resolve(".model.clm.0b6f2c1e-5a7d-4c8e-9f10-3d2b1a0c9e8f.tmp"), new byte[100]);
        Path kept = Files.write(model.resolve("notes.txt"), new byte[1]);
        Path trash = Files.createDirectories(data.resolve("models").resolve(".deleted-m-gone-1234"));
        Files.write(trash.resolve("model.clm"), new byte[100]);
        try (ConfigurableApplicationContext app = JobLifecycleTest.start(data, "--charlm.bootstrap.enabled=false")) {
            assertThat(tmp).doesNotExist();
            assertThat(trash).doesNotExist();
            assertThat(kept).exists();
        }
    }
}
