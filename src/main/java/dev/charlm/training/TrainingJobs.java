package dev.charlm.training;

import dev.charlm.config.CharLmProperties;
import dev.charlm.corpus.CorpusService;
import dev.charlm.corpus.CorpusUsage;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingState;
import dev.charlm.web.ApiException;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.TooManyJobsException;
import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The training jobs: submission onto a bounded executor, the state machine (cancel, resume, delete),
 * and restoring every model from the data directory at start-up (a job that was queued or running
 * becomes INTERRUPTED). A rejected request changes nothing.
 */
@Service
public class TrainingJobs implements CorpusUsage {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJobs.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();
    private final ModelStore store;
    private final JobRunner runner;
    private final CharLmProperties properties;
    private final ApplicationEventPublisher events;
    private final RequestResolver resolver;
    private final ExecutorService executor;
    private volatile boolean stopping;

    TrainingJobs(ModelStore store, JobRunner runner, CorpusService corpora, CharLmProperties properties,
                 ApplicationEventPublisher events) {
        this.store = store;
        this.runner = runner;
        this.properties = properties;
        this.events = events;
        this.resolver = new RequestResolver(corpora::find, properties.jobs().threads(), properties.sampling().maxLength());
        int n = Math.max(1, properties.jobs().concurrency());
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "charlm-train-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        restore();
    }

    private void restore() {
        for (JobRecord r : store.records()) {
            TrainingJob job = new TrainingJob(r, store.history(r.id()));
            if (job.status().active()) {
                job.transition(JobStatus.INTERRUPTED, "the service stopped while the job was " + r.status().name().toLowerCase()
                        + "; resume to continue from its last checkpoint");
                store.save(job);
            }
            jobs.put(job.id(), job);
        }
        if (!jobs.isEmpty()) {
            LOG.info("Restored {} models from {}", jobs.size(), properties.dataDir());
        }
    }

    /** A queued job and how it looked when it was accepted (QUEUED, whatever has happened since). */
    public record Submitted(TrainingJob job, ModelView accepted) {
    }

    /** Validates, resolves and queues a request; 400 lists every invalid field, 429 when the queue is full. */
    public synchronized Submitted submit(TrainingRequest request) {
        RequestResolver.Resolved r = resolver.resolve(request);
        checkQueue();
        TrainingJob job = new TrainingJob(newId(), r.spec(), r.config(), Instant.now());
        store.save(job);
        jobs.put(job.id(), job);
        events.publishEvent(new JobEvent.Registered(job));
        ModelView accepted = ModelView.of(job);
        execute(job);
        return new Submitted(job, accepted);
    }

    private void checkQueue() {
        int queued = (int) jobs.values().stream().filter(j -> j.status() == JobStatus.QUEUED).count();
        if (queued >= properties.jobs().queueLimit()) {
            throw new TooManyJobsException(queued, properties.jobs().retryAfter().toSeconds());
        }
    }

    private void execute(TrainingJob job) {
        job.run(executor.submit(() -> runner.run(job, () -> stopping)));
    }

    public TrainingJob get(String id) {
        TrainingJob j = jobs.get(id);
        if (j == null) {
            throw ApiException.notFound("Model", id);
        }
        return j;
    }

    public Optional<TrainingJob> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Newest first, optionally only those in one state. */
    public List<TrainingJob> list(JobStatus status) {
        return jobs.values().stream()
                .filter(j -> status == null || j.status() == status)
                .sorted(Comparator.comparing(TrainingJob::createdAt).reversed().thenComparing(TrainingJob::id))
                .toList();
    }

    public long count(JobStatus status) {
        return jobs.values().stream().filter(j -> j.status() == status).count();
    }

    public boolean isEmpty() {
        return jobs.isEmpty();
    }

    /** Cancels a queued job at once, a running one between two steps. */
    public TrainingJob cancel(String id) {
        TrainingJob job = get(id);
        synchronized (job) {
            if (job.status() == JobStatus.QUEUED) {
                job.transition(JobStatus.CANCELLED, "cancelled before it started");
                if (job.run() != null) {
                    job.run().cancel(false);   // leaves the executor's queue without running
                }
                store.save(job);
                job.publish("end", ModelView.of(job));
            } else if (job.status() == JobStatus.RUNNING) {
                job.requestCancel();
            } else {
                throw ApiException.conflict("model " + id + " is " + job.status() + "; only QUEUED or RUNNING jobs can be cancelled");
            }
        }
        return job;
    }

    /** Queues a finished, failed, cancelled or interrupted job again, from its last checkpoint. */
    public synchronized TrainingJob resume(String id, ResumeRequest more) {
        TrainingJob job = get(id);
        if (!JobStatus.RESUMABLE.contains(job.status())) {
            throw ApiException.conflict("model " + id + " is " + job.status() + "; only COMPLETED, FAILED, CANCELLED or INTERRUPTED jobs can be resumed");
        }
        ResumeRequest m = more == null ? ResumeRequest.NONE : more;
        TrainingRequest s = job.spec();
        TrainingRequest spec = s.withOptions(s.options().withLimits(
                new TrainingRequest.Limits(m.epochs(), m.maxSteps(), m.maxSeconds()).over(s.options().limits())));
        RequestResolver.Resolved r;
        try {
            r = resolver.resolve(spec);
        } catch (InvalidFieldsException e) {
            if (e.errors().stream().anyMatch(f -> f.field().equals("corpus"))) {
                throw ApiException.conflict("model " + id + " was trained on corpus '" + s.corpus() + "', which no longer exists");
            }
            throw e;
        }
        boolean fromCheckpoint = store.hasCheckpoint(id);
        TrainingConfig config = r.config();
        if (fromCheckpoint) {
            Checkpoint cp = store.readCheckpoint(id);
            // the weights were trained with the checkpoint's config: only the limits and the thread count change
            config = cp.config().withLimits(config.limits()).withRun(cp.config().run().withThreads(config.run().threads()));
            TrainingState st = cp.state();
            String done = st.epoch() >= config.limits().epochs() ? st.epoch() + " of " + config.limits().epochs() + " epochs"
                    : config.limits().maxSteps() > 0 && st.step() >= config.limits().maxSteps() ? st.step() + " of " + config.limits().maxSteps() + " steps"
                    : config.limits().maxSeconds() > 0 && st.trainSeconds() >= config.limits().maxSeconds() ? Math.round(st.trainSeconds()) + " of " + config.limits().maxSeconds() + " seconds"
                    : null;
            if (done != null) {
                throw ApiException.conflict("model " + id + " has already trained " + done + "; resume with higher epochs, maxSteps or maxSeconds");
            }
        }
        checkQueue();
        job.reconfigure(r.spec(), config);
        job.resume(fromCheckpoint);
        job.transition(JobStatus.QUEUED, null);
        job.progress(new ProgressView(job.progress().step(), job.progress().epoch(), config.limits().epochs(), job.progress().trainLoss(),
                job.progress().trainPerplexity(), job.progress().smoothedLoss(), job.progress().smoothedPerplexity(),
                job.progress().bitsPerChar(), job.progress().validationLoss(), job.progress().validationPerplexity(),
                job.progress().bestValidationLoss(), job.progress().bestValidationPerplexity(), job.progress().charsPerSecond(),
                job.progress().learningRate(), job.progress().gradientNorm(), job.progress().elapsedSeconds(), null, 0));
        store.save(job);
        execute(job);
        return job;
    }

    /** Cancels the job if it is active, waits for its thread, then removes its files and meters. */
    public void delete(String id) {
        TrainingJob job = get(id);
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
                job.run().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.CancellationException ignored) {
                // never started
            } catch (java.util.concurrent.TimeoutException e) {
                throw ApiException.conflict("model " + id + " did not stop within 60 s; try again");
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("Model {} had failed: {}", id, e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deleting " + id, e);
            }
        }
        jobs.remove(id);
        store.delete(id);
        events.publishEvent(new JobEvent.Removed(job));
        job.publish("end", ModelView.of(job));
    }

    @Override
    public Optional<String> activeUser(String corpusId) {
        return jobs.values().stream()
                .filter(j -> j.status().active() && j.corpus().equals(corpusId))
                .map(j -> "model " + j.id() + " (" + j.status() + ")")
                .findFirst();
    }

    /** Graceful stop: running jobs are checkpointed and marked INTERRUPTED, so they can be resumed. */
    @PreDestroy
    void shutdown() {
        stopping = true;
        for (TrainingJob j : jobs.values()) {
            if (j.status() == JobStatus.QUEUED) {
                j.transition(JobStatus.INTERRUPTED, "the service stopped before the job started; resume to start it");
                store.save(j);
            } else if (j.status() == JobStatus.RUNNING) {
                j.requestCancel();
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Training threads did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String newId() {
        StringBuilder sb = new StringBuilder("m-");
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
