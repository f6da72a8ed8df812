package dev.charlm.training;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * How a queued job reaches a training thread, and how a command reaches the thread that trains it: this process's
 * executor in embedded mode ({@link LocalJobDispatch}), the cluster's db-scheduler table in cluster mode
 * ({@link ClusterJobDispatch}), where the thread may be another replica's. {@link TrainingJobs} gives the commands
 * the same meaning in both.
 */
interface JobDispatch {

    /** Queues the job, saved QUEUED, to be run by {@link JobRunner} on some training thread. */
    void dispatch(TrainingJob job);

    /** Takes a queued job out of the queue: true when no thread will run it, false when one already has it. */
    boolean withdraw(TrainingJob job);

    /** Asks the thread that trains the job to stop it between two steps, wherever that thread is. */
    void cancel(TrainingJob job);

    /** Waits until no thread trains the job; a TimeoutException when one still does after {@code timeout}. */
    void awaitStopped(TrainingJob job, Duration timeout) throws TimeoutException, InterruptedException;

    /**
     * Whether a job found QUEUED or RUNNING in the store at start-up was left so by a process that stopped (embedded
     * mode: it becomes INTERRUPTED), rather than being in another replica's hands (cluster mode: it stays as it is).
     */
    boolean activeJobsAreOrphansAtStart();

    /**
     * The service stops ({@link ServiceStop} says so already): the jobs this process trains are asked to stop, writing
     * a checkpoint. Embedded mode also ends its queued ones INTERRUPTED; cluster mode leaves them, and hands the
     * stopped ones on, to the other replicas.
     */
    void stopAll();
}
