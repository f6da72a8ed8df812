package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.config.CharLmProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file implementations are the storage unless another backend is switched on, and then they step aside
 * entirely, so that backend's beans of the same interfaces do not meet them.
 */
class EmbeddedStorageTest {

    @TempDir
    Path data;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withBean(CharLmProperties.class, () -> FileJobRepositoryTest.properties(data))
                .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
                .withUserConfiguration(ModelDirectories.class, FileJobRepository.class, FileCheckpointStore.class);
    }

    @Test
    void byDefaultJobsAndCheckpointsAreFilesUnderTheDataDirectory() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(JobRepository.class).hasSingleBean(CheckpointStore.class);
            assertThat(context.getBean(JobRepository.class)).isInstanceOf(FileJobRepository.class);
            assertThat(context.getBean(CheckpointStore.class)).isInstanceOf(FileCheckpointStore.class);
            assertThat(data.resolve("models")).isDirectory();
        });
    }

    @Test
    void anotherBackendTakesTheirPlaceWhole() {
        runner().withPropertyValues("charlm.cluster.enabled=true").run(context -> {
            assertThat(context).doesNotHaveBean(JobRepository.class).doesNotHaveBean(CheckpointStore.class)
                    .doesNotHaveBean(ModelDirectories.class);
            assertThat(data.resolve("models")).doesNotExist();
        });
    }
}
