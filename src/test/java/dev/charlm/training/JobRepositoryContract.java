package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every {@link JobRepository} does, whatever holds the records. An implementation's test implements this
 * interface: {@link #repository()} gives an empty repository, {@link #unwritable} makes its saves of one job
 * fail. The records are read from the job.json pinned by {@link JobFilesJsonTest}, so they are real ones.
 */
interface JobRepositoryContract {

    JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** An empty repository; the same one for every call within a test. */
    JobRepository repository();

    /** Until closed, saving the job {@code id} fails (it is saved once before). */
    AutoCloseable unwritable(String id) throws Exception;

    static JobRecord record(String id, String createdAt) {
        return JSON.readValue(JobFilesJsonTest.FINISHED.replace("m-y84p535c7m", id)
                .replace("2026-12-02T01:18:27.262928747Z", createdAt), JobRecord.class);
    }

    static History.Snapshot history() {
        return JSON.readValue(JobFilesJsonTest.HISTORY, History.Snapshot.class);
    }

    @Test
    default void aSavedRecordIsFoundWithItsHistory() {
        JobRecord r = record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z");
        repository().save(r, history());

        assertThat(repository().find("m-aaaaaaaaaa")).contains(r);
        assertThat(repository().history("m-aaaaaaaaaa")).isEqualTo(history());
        assertThat(repository().findAll()).containsExactly(r);
    }

    @Test
    default void aSaveReplacesTheRecordAndTheHistoryWhole() {
        repository().save(record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z"), history());
        JobRecord queued = JSON.readValue(JobFilesJsonTest.QUEUED.replace("\"m-1\"", "\"m-aaaaaaaaaa\""), JobRecord.class);
        repository().save(queued, History.Snapshot.EMPTY);

        assertThat(repository().find("m-aaaaaaaaaa")).contains(queued);
        assertThat(repository().history("m-aaaaaaaaaa")).isEqualTo(History.Snapshot.EMPTY);
        assertThat(repository().findAll()).containsExactly(queued);
    }

    @Test
    default void allRecordsComeNewestFirstThenById() {
        JobRecord older = record("m-aaaaaaaaaa", "2026-12-01T00:00:00Z");
        JobRecord newerB = record("m-bbbbbbbbbb", "2026-12-02T00:00:00Z");
        JobRecord newerC = record("m-cccccccccc", "2026-12-02T00:00:00Z");
        repository().save(newerC, history());
        repository().save(older, history());
        repository().save(newerB, history());

        assertThat(repository().findAll()).containsExactly(newerB, newerC, older);
    }

    @Test
    default void anUnknownJobHasNoRecordAndAnEmptyHistory() {
        assertThat(repository().find("m-nosuchjob2")).isEmpty();
        assertThat(repository().history("m-nosuchjob2")).isEqualTo(History.Snapshot.EMPTY);
        assertThat(repository().findAll()).isEmpty();
    }

    @Test
    default void deleteRemovesTheRecordAndItsHistoryAndLeavesTheOthers() {
        JobRecord kept = record("m-bbbbbbbbbb", "2026-12-02T00:00:00Z");
        repository().save(record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z"), history());
        repository().save(kept, history());

        repository().delete("m-aaaaaaaaaa");
        repository().delete("m-nosuchjob2");   // nothing to do

        assertThat(repository().find("m-aaaaaaaaaa")).isEmpty();
        assertThat(repository().history("m-aaaaaaaaaa")).isEqualTo(History.Snapshot.EMPTY);
        assertThat(repository().findAll()).containsExactly(kept);
    }

    @Test
    default void aFailedSaveThrowsAndLeavesThePreviousRecordAndHistory() throws Exception {
        JobRecord r = record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z");
        repository().save(r, history());
        JobRecord queued = JSON.readValue(JobFilesJsonTest.QUEUED.replace("\"m-1\"", "\"m-aaaaaaaaaa\""), JobRecord.class);

        try (AutoCloseable broken = unwritable("m-aaaaaaaaaa")) {
            assertThatThrownBy(() -> repository().save(queued, History.Snapshot.EMPTY)).isInstanceOf(RuntimeException.class);
        }

        assertThat(repository().find("m-aaaaaaaaaa")).contains(r);
        assertThat(repository().history("m-aaaaaaaaaa")).isEqualTo(history());
    }
}
