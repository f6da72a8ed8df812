package dev.charlm.training;

import java.util.List;
import java.util.Optional;

/**
 * The system of record for jobs: each model's {@link JobRecord} and its {@link History}. The embedded
 * implementation is {@link FileJobRepository} ({@code job.json} and {@code history.json}); a cluster one
 * keeps the same records in a database. The weights are not here: they are the {@link CheckpointStore}'s.
 */
interface JobRepository {

    /**
     * Stores the record and its history, each replacing the previous one whole; a failed save leaves the previous.
     * A store shared by replicas saves only when {@code lease} is the job's lease, and throws
     * {@link LeaseLostException} otherwise: a replica that lost the job can no longer change it.
     */
    void save(JobRecord record, History.Snapshot history, long lease);

    /** A save outside any lease: a job no replica has claimed yet, or a store with one writer. */
    default void save(JobRecord record, History.Snapshot history) {
        save(record, history, 0);
    }

    /** The job as it stands now: its record and its history, under the lease it holds. */
    default void save(TrainingJob job) {
        save(job.record(), job.history().snapshot(), job.lease());
    }

    /** Every readable record, newest first (then by id); one that cannot be read is logged and left out. */
    List<JobRecord> findAll();

    Optional<JobRecord> find(String id);

    /** The job's history, or {@link History.Snapshot#EMPTY} when it has none or it cannot be read (logged). */
    History.Snapshot history(String id);

    /** Removes the record and its history; nothing happens for an unknown id. */
    void delete(String id);
}
