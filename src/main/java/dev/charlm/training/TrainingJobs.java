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
import java.util.concurrent.TimeoutException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The lifecycle commands of training jobs: submit onto the training executor, cancel, resume, delete, and
 * the graceful stop at shutdown. The jobs themselves are in the {@link JobRegistry}; {@link JobRestore}
 * reads them back at start-up. Moves between states go through {@link TrainingJob#transition}, whose
 * table answers 409 for an illegal one. A rejected request changes nothing.
 */
@Service
public class TrainingJobs {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final JobRegistry jobs;
    private final JobRepository records;
    private final CheckpointStore checkpoints;
    private final JobDispatch dispatch;
    private final ServiceStop stop;
    private final CharLmProperties properties;
    private final ApplicationEventPublisher events;
    private final RequestResolver resolver;

    TrainingJobs(JobRegistry jobs, JobRepository records, CheckpointStore checkpoints, JobDispatch dispatch, ServiceStop stop,
                 CorpusService corpora, CharLmProperties properties, ApplicationEventPublisher events) {
        this.jobs = jobs;
        this.records = records;
        this.checkpoints = checkpoints;
        this.dispatch = dispatch;
        this.stop = stop;
        this.properties = properties;
        this.events = events;
        this.resolver = new RequestResolver(corpora::find, properties.jobs().threads(), properties.sampling().maxLength());
    }

    /**
     * The config a job continues a checkpoint with: the weights were trained with the checkpoint's config, so only
     * the limits and the thread count of the one requested apply.
     */
    static TrainingConfig continuing(Checkpoint cp, TrainingConfig requested) {
        return cp.config().withLimits(requested.limits()).withRun(cp.config().run().withThreads(requested.run().threads()));
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
        dispatch.dispatch(job);
    }

    /** Cancels a queued job at once, a running one between two steps (wherever it runs). */
    public TrainingJob cancel(String id) {
        TrainingJob job = jobs.get(id);
        synchronized (job) {
            if (job.status() == JobStatus.QUEUED && dispatch.withdraw(job)) {
                job.transition(JobStatus.CANCELLED, "cancelled before it started");
                records.save(job);
                job.publish("end", ModelView.of(job));
            } else if (job.status().active()) {
                dispatch.cancel(job);   // queued but already picked: it starts, and stops at its first step
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
            config = continuing(cp, config);
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
            if (job.status() == JobStatus.QUEUED && dispatch.withdraw(job)) {
                job.transition(JobStatus.CANCELLED, "deleted");
            } else if (job.status().active()) {
                dispatch.cancel(job);
            }
        }
        try {
            dispatch.awaitStopped(job, properties.jobs().stopTimeout());
        } catch (TimeoutException e) {
            throw new StillStoppingException(id, properties.jobs().stopTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting " + id, e);
        }
        jobs.remove(id);
        records.delete(id);   // the record first: a crash between the two leaves a stray checkpoint, not a model without one
        checkpoints.delete(id);
        events.publishEvent(new JobEvent.Removed(job));
        job.publish("end", ModelView.of(job));
    }

    /**
     * Graceful stop: the jobs this process trains are asked to stop, writing a checkpoint ({@link JobDispatch#stopAll}).
     * Runs before the dispatch and its threads are destroyed (this bean depends on them), which then wait up to
     * {@code charlm.jobs.shutdown-timeout} for them.
     */
    @PreDestroy
    void shutdown() {
        stop.begin();
        dispatch.stopAll();
    }

    static String newId() {
        StringBuilder sb = new StringBuilder("m-");
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
