package dev.charlm.training;

import dev.charlm.config.CharLmProperties;
import dev.charlm.corpus.CorpusService;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingState;
import dev.charlm.training.request.Limits;
import dev.charlm.web.InvalidFieldsException;
import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;

/**
 * The lifecycle commands of training jobs: submit onto the training executor, cancel, resume, delete, and
 * the graceful stop at shutdown. The jobs themselves are in the {@link JobRegistry}; {@link JobRestore}
 * reads them back at start-up. Moves between states go through {@link TrainingJob#transition}, whose
 * table answers 409 for an illegal one. A rejected request changes nothing.
 */
@Service
public class TrainingJobs {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJobs.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final JobRegistry jobs;
    private final JobRepository records;
    private final CheckpointStore checkpoints;
    private final JobRunner runner;
    private final CharLmProperties properties;
    private final ApplicationEventPublisher events;
    private final RequestResolver resolver;
    private final ThreadPoolTaskExecutor executor;
    private volatile boolean stopping;

    TrainingJobs(JobRegistry jobs, JobRepository records, CheckpointStore checkpoints, JobRunner runner, CorpusService corpora, CharLmProperties properties,
                 ApplicationEventPublisher events, @Qualifier(TrainingExecutorConfig.BEAN) ThreadPoolTaskExecutor executor) {
        this.jobs = jobs;
        this.records = records;
        this.checkpoints = checkpoints;
        this.runner = runner;
        this.properties = properties;
        this.events = events;
        this.resolver = new RequestResolver(corpora::find, properties.jobs().threads(), properties.sampling().maxLength());
        this.executor = executor;
    }

    /** A queued job and how it looked when it was accepted (QUEUED, whatever has happened since). */
    public record Submitted(TrainingJob job, ModelView accepted) {
    }

    /** Validates, resolves and queues a request; 400 lists every invalid field, 429 when the queue is full. */
    public synchronized Submitted submit(TrainingRequest request) {
        RequestResolver.Resolved r = resolve(request);
        checkQueue();
        return queue(r, null);
    }

    /** The checks of {@link #submit} without queueing anything: the same 400s, nothing created. */
    public void check(TrainingRequest request) {
        resolve(request);
    }

    private RequestResolver.Resolved resolve(TrainingRequest request) {
        RequestResolver.Resolved r = resolver.resolve(request);
        JobMemory.check(r.config(), r.corpus(), properties.jobs().maxMemory());
        return r;
    }

    /**
     * Queues every request as a run of the sweep {@code sweep}, or none of them: each is checked as {@link #submit}
     * checks it (the first refusal is thrown), then the free training slots and queue places must hold them all
     * (429 otherwise), so a sweep is never half submitted.
     */
    public synchronized List<Submitted> submitAll(List<TrainingRequest> requests, String sweep) {
        List<RequestResolver.Resolved> resolved = requests.stream().map(this::resolve).toList();
        int queued = (int) jobs.count(JobStatus.QUEUED);
        int free = properties.jobs().queueLimit() - queued
                + Math.max(0, properties.jobs().concurrency() - (int) jobs.count(JobStatus.RUNNING));
        if (resolved.size() > free) {
            throw new QueueFullException(queued, resolved.size(), free, properties.jobs().retryAfter());
        }
        return resolved.stream().map(r -> queue(r, sweep)).toList();
    }

    private Submitted queue(RequestResolver.Resolved r, String sweep) {
        TrainingJob job = new TrainingJob(newId(), r.spec(), r.config(), Instant.now(), sweep);
        records.save(job);
        jobs.add(job);
        events.publishEvent(new JobEvent.Registered(job));
        ModelView accepted = ModelView.of(job);
        execute(job);
        return new Submitted(job, accepted);
    }

    private void checkQueue() {
        int queued = (int) jobs.count(JobStatus.QUEUED);
        if (queued >= properties.jobs().queueLimit()) {
            throw new QueueFullException(queued, properties.jobs().retryAfter());
        }
    }

    private void execute(TrainingJob job) {
        job.run(executor.submit(() -> runner.run(job, () -> stopping)));
    }

    /** Cancels a queued job at once, a running one between two steps. */
    public TrainingJob cancel(String id) {
        TrainingJob job = jobs.get(id);
        synchronized (job) {
            if (job.status() == JobStatus.QUEUED) {
                job.transition(JobStatus.CANCELLED, "cancelled before it started");
                if (job.run() != null) {
                    job.run().cancel(false);   // leaves the executor's queue without running
                }
                records.save(job);
                job.publish("end", ModelView.of(job));
            } else if (job.status() == JobStatus.RUNNING) {
                job.requestCancel();
            } else {
                throw new IllegalTransitionException(id, job.status(), JobStatus.CANCELLED);
            }
        }
        return job;
    }

    /** Queues a finished, failed, cancelled or interrupted job again, from its last checkpoint. */
    public synchronized TrainingJob resume(String id, ResumeRequest more) {
        TrainingJob job = jobs.get(id);
        if (job.corpus() == null) {
            throw ResumeRefusedException.imported(id);
        }
        if (!job.status().canMoveTo(JobStatus.QUEUED)) {
            throw new IllegalTransitionException(id, job.status(), JobStatus.QUEUED);
        }
        ResumeRequest m = more == null ? ResumeRequest.NONE : more;
        TrainingRequest s = job.spec();
        TrainingRequest spec = s.withOptions(s.options().withLimits(
                new Limits(m.epochs(), m.maxSteps(), m.maxSeconds(), null).over(s.options().limits())));
        RequestResolver.Resolved r;
        try {
            r = resolver.resolve(spec);
        } catch (InvalidFieldsException e) {
            if (e.errors().stream().anyMatch(f -> f.field().equals("corpus"))) {
                throw ResumeRefusedException.corpusGone(id, s.corpus());
            }
            throw e;
        }
        Optional<StoredCheckpoint> stored = checkpoints.read(id);
        boolean fromCheckpoint = stored.isPresent();
        TrainingConfig config = r.config();
        if (fromCheckpoint) {
            Checkpoint cp = stored.get().checkpoint();
            // the weights were trained with the checkpoint's config: only the limits and the thread count change
            config = cp.config().withLimits(config.limits()).withRun(cp.config().run().withThreads(config.run().threads()));
            TrainingState st = cp.state();
            String done = st.epoch() >= config.limits().epochs() ? st.epoch() + " of " + config.limits().epochs() + " epochs"
                    : config.limits().maxSteps() > 0 && st.step() >= config.limits().maxSteps() ? st.step() + " of " + config.limits().maxSteps() + " steps"
                    : config.limits().maxSeconds() > 0 && st.totals().elapsedSeconds() >= config.limits().maxSeconds() ? Math.round(st.totals().elapsedSeconds()) + " of " + config.limits().maxSeconds() + " seconds"
                    : config.limits().maxTrainSeconds() > 0 && st.totals().trainSeconds() >= config.limits().maxTrainSeconds() ? Math.round(st.totals().trainSeconds()) + " of " + config.limits().maxTrainSeconds() + " training seconds"
                    : null;
            if (done != null) {
                throw ResumeRefusedException.limitsReached(id, done);
            }
        }
        JobMemory.check(config, r.corpus(), properties.jobs().maxMemory());
        checkQueue();
        job.reconfigure(r.spec(), config);
        job.resume(fromCheckpoint);
        job.transition(JobStatus.QUEUED, null);
        job.progress(job.progress().resumed(config.limits().epochs()));
        records.save(job);
        execute(job);
        return job;
    }

    /** Cancels the job if it is active, waits for its thread, then removes its files and meters. */
    public void delete(String id) {
        TrainingJob job = jobs.get(id);
        synchronized (job) {
            if (job.status() == JobStatus.QUEUED) {
                job.transition(JobStatus.CANCELLED, "deleted");
                if (job.run() != null) {
                    job.run().cancel(false);
                }
            } else if (job.status() == JobStatus.RUNNING) {
                job.requestCancel();
            }
        }
        if (job.run() != null) {
            try {
                job.run().get(properties.jobs().stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.CancellationException ignored) {
                // never started
            } catch (java.util.concurrent.TimeoutException e) {
                throw new StillStoppingException(id, properties.jobs().stopTimeout());
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("Model {} had failed: {}", id, e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deleting " + id, e);
            }
        }
        jobs.remove(id);
        records.delete(id);   // the record first: a crash between the two leaves a stray checkpoint, not a model without one
        checkpoints.delete(id);
        events.publishEvent(new JobEvent.Removed(job));
        job.publish("end", ModelView.of(job));
    }

    /**
     * Graceful stop: queued jobs become INTERRUPTED, running ones are asked to stop (they write a checkpoint and
     * end INTERRUPTED, so they can be resumed). Runs before the training executor is destroyed (it depends on
     * it), which then waits up to {@code charlm.jobs.shutdown-timeout} for them.
     */
    @PreDestroy
    void shutdown() {
        stopping = true;
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

    static String newId() {
        StringBuilder sb = new StringBuilder("m-");
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
