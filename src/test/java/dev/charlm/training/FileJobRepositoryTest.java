package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.config.CharLmProperties;
import dev.charlm.storage.Unwritable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JobRepositoryContract} on files, and what only files do: the layout that 0.1 wrote, and an unreadable job.json. */
class FileJobRepositoryTest implements JobRepositoryContract {

    @TempDir
    Path data;

    FileJobRepository repository;

    @BeforeEach
    void create() {
        repository = new FileJobRepository(new ModelDirectories(properties(data)), JSON);
    }

    static CharLmProperties properties(Path data) {
        return new CharLmProperties(data, null, null, null, null, null, null, null);
    }

    @Override
    public JobRepository repository() {
        return repository;
    }

    @Override
    public AutoCloseable unwritable(String id) throws Exception {
        return Unwritable.directory(data.resolve("models").resolve(id));
    }

    @Test
    void aJobIsItsJobJsonAndHistoryJsonInItsModelDirectory() throws Exception {
        repository.save(JobRepositoryContract.record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z"), JobRepositoryContract.history());

        Path dir = data.resolve("models").resolve("m-aaaaaaaaaa");
        assertThat(Files.readString(dir.resolve("job.json"))).startsWith("{\"id\":\"m-aaaaaaaaaa\",\"name\":\"v0.1 lstm\"");
        assertThat(Files.readString(dir.resolve("history.json"))).isEqualTo(JobFilesJsonTest.HISTORY);
    }

    @Test
    void aJobJsonThatCannotBeReadIsLeftOutOfTheList() throws Exception {
        JobRecord good = JobRepositoryContract.record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z");
        repository.save(good, JobRepositoryContract.history());
        Path broken = Files.createDirectories(data.resolve("models").resolve("m-bbbbbbbbbb"));
        Files.writeString(broken.resolve("job.json"), "{\"id\": ");

        assertThat(repository.findAll()).containsExactly(good);
        assertThat(repository.find("m-bbbbbbbbbb")).isEmpty();
    }
}
