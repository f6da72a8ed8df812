package dev.charlm.training;

import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.train.TrainingConfig;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One model and the job that trains it: its resolved options, its state, its latest progress and
 * history, and the weights of its latest checkpoint for sampling. Status changes go through
 * {@link #transition}, which enforces the state machine; fields read by request threads are volatile.
 */
public final class TrainingJob {

    /** Receives a job's events by name, on the thread that publishes them (the metrics; the SSE streams, which also need each event's id, {@link #follow} instead). */
    public interface Listener {
        void event(String name, Object data);
    }

    private final String id;
    /** The sweep this model was trained for, or null. */
    private final String sweep;
    private final Instant createdAt;
    private final History history;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** The event streams, which also need each event's id. */
    private final List<Consumer<EventLog.Entry>> followers = new CopyOnWriteArrayList<>();
    /** Every event published in this process, numbered; also the lock that orders publishing and following. */
    private final EventLog events = new EventLog();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();

    private volatile String name;
    private volatile TrainingRequest spec;
    private volatile TrainingConfig config;
    private volatile JobStatus status;
    private volatile String reason;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile ProgressView progress;
    private volatile Integer vocabularySize;
    private volatile Long parameters;
    private volatile Long checkpointStep;
    private volatile LanguageModel serving;
    private volatile Future<?> run;
    /** True when the next run continues from the model file. */
    private volatile boolean resume;
    /** Cluster mode: the replica that trains the job or trained it last; null in embedded mode. */
    private volatile String node;
    /** Cluster mode: the job's generation, raised by each claim; every save carries it (see JobRepository). 0 in embedded mode. */
    private volatile long lease;
    /** Cluster mode: this replica's run lost the lease to another replica, and writes nothing more. */
    private volatile boolean leaseLost;

    TrainingJob(String id, TrainingRequest spec, TrainingConfig config, Instant createdAt) {
        this(id, spec, config, createdAt, null);
    }

    /** A new job, one run of the sweep {@code sweep} (null: none). */
    TrainingJob(String id, TrainingRequest spec, TrainingConfig config, Instant createdAt, String sweep) {
        this.id = id;
        this.sweep = sweep;
        this.name = spec.name();
        this.spec = spec;
        this.config = config;
        this.createdAt = createdAt;
        this.status = JobStatus.QUEUED;
        this.progress = ProgressView.initial(spec.options().limits().epochs());
        this.history = new History(History.Snapshot.EMPTY);
    }

    /** A job read back from disk. */
    TrainingJob(JobRecord r, History.Snapshot history) {
        this(r, history, 0);
    }

    /** Cluster mode: a job read back from its row, under the row's lease. */
    TrainingJob(JobRecord r, History.Snapshot history, long lease) {
        this.id = r.id();
        this.sweep = r.sweep();
        this.createdAt = r.times().createdAt();
        this.history = new History(history);
        this.lease = lease;
        take(r);
    }

    /** Every member the record keeps (the history aside), as it says. */
    private synchronized void take(JobRecord r) {
        this.name = r.name();
        this.spec = r.spec();
        this.status = r.state().status();
        this.reason = r.state().reason();
        this.startedAt = r.times().startedAt();
        this.finishedAt = r.times().finishedAt();
        this.progress = r.progress() != null ? r.progress() : ProgressView.initial(r.spec().options().limits().epochs());
        this.vocabularySize = r.weights().vocabularySize();
        this.parameters = r.weights().parameters();
        this.checkpointStep = r.weights().checkpointStep();
        this.node = r.node();
    }

    /**
     * Cluster mode: this replica's copy of a job another replica trains becomes what that one saved. The resolved
     * config is dropped: this replica resolves it again when it claims the job.
     */
    synchronized void refresh(JobRecord r, History.Snapshot h, long newLease) {
        take(r);
        this.config = null;
        this.lease = newLease;
        history.replace(h);
    }

    JobRecord record() {
        return new JobRecord(id, name, spec.corpus(), new JobRecord.State(status, reason),
                new JobRecord.Times(createdAt, startedAt, finishedAt), spec, progress,
                new JobRecord.Weights(vocabularySize, parameters, checkpointStep), sweep, node);
    }

    /** Moves to {@code to}; throws {@link IllegalTransitionException} (a 409) when {@link JobStatus}'s table refuses it. */
    synchronized void transition(JobStatus to, String why) {
        if (!tryTransition(to, why)) {
            throw new IllegalTransitionException(id, status, to);
        }
    }

    /**
     * Moves to {@code to} if {@link JobStatus}'s table allows it from the current state; false otherwise.
     * For the training thread, where losing a race (a cancel while queued) is expected, not an error.
     */
    synchronized boolean tryTransition(JobStatus to, String why) {
        if (!status.canMoveTo(to)) {
            return false;
        }
        status = to;
        reason = why;
        switch (to) {
            case QUEUED -> {
                finishedAt = null;
                cancelRequested.set(false);
            }
            case RUNNING -> startedAt = Instant.now();
            default -> finishedAt = Instant.now();
        }
        return true;
    }

    void requestCancel() {
        cancelRequested.set(true);
    }

    boolean cancelRequested() {
        return cancelRequested.get();
    }

    void publish(String event, Object data) {
        synchronized (events) {
            EventLog.Entry e = events.append(event, data);
            for (Listener l : listeners) {
                l.event(event, data);
            }
            for (Consumer<EventLog.Entry> f : followers) {
                f.accept(e);
            }
        }
    }

    /**
     * Hands {@code catchUp} the event log (to replay from), then, if it answers true, sends every later
     * event to {@code follower}. Both happen under the lock {@link #publish} holds, so the follower gets
     * each event after the log's state that catchUp saw exactly once.
     */
    void follow(Predicate<EventLog> catchUp, Consumer<EventLog.Entry> follower) {
        synchronized (events) {
            if (catchUp.test(events)) {
                followers.add(follower);
            }
        }
    }

    void unfollow(Consumer<EventLog.Entry> follower) {
        followers.remove(follower);
    }

    public void subscribe(Listener l) {
        listeners.add(l);
    }

    public void unsubscribe(Listener l) {
        listeners.remove(l);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The id of the sweep this model was trained for, or null. */
    public String sweep() {
        return sweep;
    }

    public String corpus() {
        return spec.corpus();
    }

    public String cell() {
        return spec.options().model().cell();
    }

    public TrainingRequest spec() {
        return spec;
    }

    TrainingConfig config() {
        return config;
    }

    /**
     * The engine config of the model's weights: the job's, or, for a model read back from disk, its saved spec's
     * over the defaults, because a spec saved by an earlier release lacks the options added since (evalChars, which
     * resolves to that release's 0, all of the tail: {@link Presets#FIRST_RELEASE}).
     */
    public TrainingConfig resolvedConfig() {
        TrainingConfig c = config;
        return c != null ? c : spec.options().over(Presets.FIRST_RELEASE).over(Presets.DEFAULTS.options()).toConfig(0);
    }

    void reconfigure(TrainingRequest newSpec, TrainingConfig newConfig) {
        this.spec = newSpec;
        this.config = newConfig;
    }

    public JobStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public ProgressView progress() {
        return progress;
    }

    void progress(ProgressView p) {
        this.progress = p;
    }

    History history() {
        return history;
    }

    public Integer vocabularySize() {
        return vocabularySize;
    }

    public Long parameters() {
        return parameters;
    }

    void modelInfo(int vocab, long params) {
        this.vocabularySize = vocab;
        this.parameters = params;
    }

    public Long checkpointStep() {
        return checkpointStep;
    }

    /** The weights of the latest checkpoint, or null when not loaded (or there is none). */
    public LanguageModel serving() {
        return serving;
    }

    void checkpointed(long step, LanguageModel model) {
        this.checkpointStep = step;
        this.serving = model;
    }

    void serving(LanguageModel model) {
        this.serving = model;
    }

    Future<?> run() {
        return run;
    }

    void run(Future<?> f) {
        this.run = f;
    }

    boolean resume() {
        return resume;
    }

    /** Cluster mode: the replica that trains the job, or trained it last; null in embedded mode. */
    public String node() {
        return node;
    }

    long lease() {
        return lease;
    }

    /** Claimed by replica {@code by} under lease {@code l}. */
    void claimed(String by, long l) {
        this.node = by;
        this.lease = l;
        this.leaseLost = false;
    }

    boolean leaseLost() {
        return leaseLost;
    }

    void loseLease() {
        this.leaseLost = true;
    }

    void resume(boolean r) {
        this.resume = r;
    }
}
