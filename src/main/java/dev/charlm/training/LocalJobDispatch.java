package dev.charlm.training;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Embedded mode's dispatch: the jobs run on this process's training executor, each job holding the Future of its
 * run, so a queued one leaves the executor's queue without running and a delete can wait for a running one.
 */
@Component
@ConditionalOnProperty(name = "charlm.cluster.enabled", havingValue = "false", matchIfMissing = true)
class LocalJobDispatch implements JobDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobDispatch.class);

    private final JobRunner runner;
    private final ThreadPoolTaskExecutor executor;
    private final BooleanSupplier stopping;
    private final JobRegistry jobs;
    private final JobRepository records;

    LocalJobDispatch(JobRunner runner, @Qualifier(TrainingExecutorConfig.BEAN) ThreadPoolTaskExecutor executor, ServiceStop stop,
                     JobRegistry jobs, JobRepository records) {
        this.runner = runner;
        this.executor = executor;
        this.stopping = stop::stopping;
        this.jobs = jobs;
        this.records = records;
    }

    @Override
    public void dispatch(TrainingJob job) {
        job.run(executor.submit(() -> runner.run(job, stopping)));
    }

    @Override
    public boolean withdraw(TrainingJob job) {
        if (job.run() != null) {
            job.run().cancel(false);   // leaves the executor's queue without running; the runner skips a cancelled job anyway
        }
        return true;
    }

    @Override
    public void cancel(TrainingJob job) {
        job.requestCancel();
    }

    @Override
    public void awaitStopped(TrainingJob job, Duration timeout) throws TimeoutException, InterruptedException {
        if (job.run() == null) {
            return;
        }
        try {
            job.run().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CancellationException ignored) {
            // never started
        } catch (ExecutionException e) {
            LOG.warn("Model {} had failed: {}", job.id(), e.getCause().toString());
        }
    }

    @Override
    public boolean activeJobsAreOrphansAtStart() {
        return true;
    }

    /**
     * Queued jobs become INTERRUPTED, running ones are asked to stop (they write a checkpoint and end INTERRUPTED,
     * so they can be resumed). The training executor, destroyed after this bean, then waits up to
     * {@code charlm.jobs.shutdown-timeout} for them.
     */
    @Override
    public void stopAll() {
        for (TrainingJob j : jobs.all()) {
            synchronized (j) {   // the job's lock orders this with the training thread's move to RUNNING
                if (j.status() == JobStatus.QUEUED) {
                    j.transition(JobStatus.INTERRUPTED, "the service stopped before the job started; resume to start it");
                    records.save(j);
                } else if (j.status() == JobStatus.RUNNING) {
                    j.requestCancel();
                }
            }
        }
    }
}
