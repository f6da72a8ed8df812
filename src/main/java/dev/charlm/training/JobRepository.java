package dev.charlm.training;

import java.util.List;
import java.util.Optional;

/**
 * The system of record for jobs: each model's {@link JobRecord} and its {@link History}. The embedded
 * implementation is {@link FileJobRepository} ({@code job.json} and {@code history.json}); a cluster one
 * keeps the same records in a database. The weights are not here: they are the {@link CheckpointStore}'s.
 */
interface JobRepository {

    /** Stores the record and its history, each replacing the previous one whole; a failed save leaves the previous. */
    void save(JobRecord record, History.Snapshot history);

    /** The job as it stands now: its record and its history. */
    default void save(TrainingJob job) {
        save(job.record(), job.history().snapshot());
    }

    /** Every readable record, newest first (then by id); one that cannot be read is logged and left out. */
    List<JobRecord> findAll();

    Optional<JobRecord> find(String id);

    /** The job's history, or {@link History.Snapshot#EMPTY} when it has none or it cannot be read (logged). */
    History.Snapshot history(String id);

    /** Removes the record and its history; nothing happens for an unknown id. */
    void delete(String id);
}
