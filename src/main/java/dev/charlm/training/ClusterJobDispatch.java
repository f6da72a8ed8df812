package dev.charlm.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.charlm.cluster.ClusterNode;
import dev.charlm.cluster.ClusterProperties;
import dev.charlm.config.CharLmProperties;
import dev.charlm.corpus.CorpusService;
import dev.charlm.engine.train.TrainingConfig;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Cluster mode's dispatch: each queued job is an execution of db-scheduler's task {@value #TASK} (instance: the model
 * id) in the shared table. A replica with a free training slot (of {@code charlm.jobs.concurrency}) picks one, so
 * exactly one replica runs a job, and heartbeats it while it trains. When those heartbeats lapse (the replica was
 * killed), another replica's scheduler revives the execution and picks it: that replica claims the job (a new lease,
 * which fences off every write of the one before) and resumes it from its last checkpoint in the bucket. A replica
 * that stops gracefully checkpoints its jobs and hands them back to the table for the others.
 */
@Component
@ConditionalOnProperty(name = "charlm.cluster.enabled", havingValue = "true")
class ClusterJobDispatch implements JobDispatch {

    static final String TASK = "train";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobDispatch.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final JobRunner runner;
    private final JobRegistry jobs;
    private final PostgresJobRepository records;
    private final CheckpointStore checkpoints;
    private final ServiceStop stop;
    private final ClusterEventRelay relay;
    private final ApplicationEventPublisher events;
    private final RequestResolver resolver;
    private final String node;
    private final int threads;
    private final CustomTask<Void> task;
    private final Scheduler scheduler;
    /** The jobs this replica's training threads run now. */
    private final Set<String> local = ConcurrentHashMap.newKeySet();

    ClusterJobDispatch(JobRunner runner, JobRegistry jobs, PostgresJobRepository records, CheckpointStore checkpoints, ServiceStop stop,
                       ClusterEventRelay relay, ApplicationEventPublisher events, CorpusService corpora, CharLmProperties properties, ClusterProperties cluster,
                       ClusterNode node, DataSource database) {
        this.runner = runner;
        this.jobs = jobs;
        this.records = records;
        this.checkpoints = checkpoints;
        this.stop = stop;
        this.relay = relay;
        this.events = events;
        this.resolver = new RequestResolver(corpora::find, properties.jobs().threads(), properties.sampling().maxLength());
        this.node = node.name();
        this.threads = Math.max(1, properties.jobs().concurrency());
        this.task = Tasks.custom(TASK, Void.class).execute(this::train);
        this.scheduler = Scheduler.create(database, List.of(task))
                .schedulerName(new SchedulerName.Fixed(this.node))
                .threads(threads)
                .pollingInterval(cluster.pollInterval())
                .heartbeatInterval(cluster.heartbeat())
                .missedHeartbeatsLimit(cluster.missedHeartbeats())
                .enableImmediateExecution()
                .shutdownMaxWait(properties.jobs().shutdownTimeout())
                .build();
    }

    /** Starts picking jobs once the service is up (the registry restored and synchronised, the web server listening). */
    @EventListener(ApplicationReadyEvent.class)
    @Order(2)
    void start() {
        scheduler.start();
        LOG.info("Cluster node {} takes up to {} training jobs at once from the shared queue", node, threads);
    }

    /** After {@link TrainingJobs} has asked this replica's jobs to stop (it depends on this bean): waits for them. */
    @PreDestroy
    void close() {
        scheduler.stop();
    }

    String node() {
        return node;
    }

    /**
     * Whether this replica's training threads have the job now (claiming or running it): its copy is the job, not a
     * copy of another's.
     */
    boolean trainsHere(String id) {
        return local.contains(id);
    }

    Set<String> trainingHere() {
        return Set.copyOf(local);
    }

    @Override
    public void dispatch(TrainingJob job) {
        scheduler.scheduleIfNotExists(task.instance(job.id()), Instant.now());
    }

    @Override
    public boolean withdraw(TrainingJob job) {
        try {
            scheduler.cancel(TaskInstanceId.of(TASK, job.id()));
            return true;
        } catch (TaskInstanceCurrentlyExecutingException e) {
            return false;
        } catch (TaskInstanceNotFoundException e) {
            return false;   // picked and finished, or never queued: a replica has had it
        }
    }

    @Override
    public void cancel(TrainingJob job) {
        if (local.contains(job.id())) {
            job.requestCancel();
        } else {
            records.requestCancel(job.id());   // the replica that trains it learns of it from ClusterJobSync
        }
    }

    @Override
    public void awaitStopped(TrainingJob job, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (scheduler.getScheduledExecution(TaskInstanceId.of(TASK, job.id())).map(e -> e.isPicked()).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException();
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    @Override
    public boolean activeJobsAreOrphansAtStart() {
        return false;
    }

    @Override
    public void stopAll() {
        for (String id : local) {
            jobs.find(id).ifPresent(TrainingJob::requestCancel);   // it checkpoints, ends INTERRUPTED, and train() hands it on
        }
    }

    /** db-scheduler's execution of one job on this replica: claim, run, then hand back or finish. */
    private CompletionHandler<Void> train(TaskInstance<Void> instance, ExecutionContext context) {
        String id = instance.getId();
        local.add(id);   // first: ClusterJobSync leaves this replica's copy alone from here on
        TrainingJob job = null;
        try {
            Optional<PostgresJobRepository.Row> row = records.row(id);
            if (row.isEmpty() || !row.get().record().state().status().active()) {
                return new CompletionHandler.OnCompleteRemove<>();   // deleted, or cancelled just before it was picked
            }
            PostgresJobRepository.Claim claim = records.claim(id);
            checkpoints.fence(id, claim.lease());   // from here on, the replica that had the job cannot write its checkpoint
            JobRecord before = row.get().record();
            job = copyOf(before, row.get().history(), claim.lease());
            synchronized (job) {
                if (!take(job, before, claim)) {
                    return new CompletionHandler.OnCompleteRemove<>();
                }
            }
            TrainingJob.Listener relaying = relay.relaying(job);
            job.subscribe(relaying);
            try {
                runner.run(job, stop::stopping);
            } finally {
                job.unsubscribe(relaying);
            }
            if (job.leaseLost()) {
                return (complete, operations) -> { };   // the execution is the other replica's now: leave it alone
            }
            if (job.status() == JobStatus.INTERRUPTED && stop.stopping()) {
                return handOn(job);
            }
            return new CompletionHandler.OnCompleteRemove<>();
        } finally {
            local.remove(id);
            if (job != null && job.leaseLost()) {
                TrainingJob lost = job;
                records.row(id).ifPresent(r -> lost.refresh(r.record(), r.history(), r.lease()));
            }
        }
    }

    /** This replica's copy of the job, up to date with its row, under the new lease. */
    private TrainingJob copyOf(JobRecord r, History.Snapshot h, long lease) {
        Optional<TrainingJob> known = jobs.find(r.id());
        if (known.isPresent()) {
            known.get().refresh(r, h, lease);
            return known.get();
        }
        TrainingJob fresh = new TrainingJob(r, h, lease);
        TrainingJob job = jobs.addIfAbsent(fresh);
        if (job == fresh) {
            events.publishEvent(new JobEvent.Registered(job));
        } else {
            job.refresh(r, h, lease);   // ClusterJobSync added it in between
        }
        return job;
    }

    /**
     * Makes the claimed job ready to run here: its config resolved again from its spec, continuing from the
     * checkpoint when there is one, its move to this replica in the history. False when it is not to run.
     */
    private boolean take(TrainingJob job, JobRecord before, PostgresJobRepository.Claim claim) {
        String from = before.node();
        boolean takeover = before.state().status() == JobStatus.RUNNING;
        long step = job.checkpointStep() == null ? 0 : job.checkpointStep();
        TrainingConfig config;
        try {
            config = resolver.resolve(job.spec()).config();
        } catch (ErrorResponseException e) {   // e.g. its corpus was deleted while it was queued
            job.claimed(node, claim.lease());
            if (takeover) {
                job.transition(JobStatus.INTERRUPTED, null);
                job.transition(JobStatus.QUEUED, null);
            }
            job.transition(JobStatus.RUNNING, null);
            job.transition(JobStatus.FAILED, e.getBody().getDetail());
            records.save(job);
            return false;
        }
        job.claimed(node, claim.lease());
        job.reconfigure(job.spec(), config);
        job.resume(checkpoints.latest(job.id()).isPresent());
        String reason;
        if (takeover) {
            reason = "taken over: " + from + " stopped heartbeating";
            job.transition(JobStatus.INTERRUPTED, reason);
            job.transition(JobStatus.QUEUED, reason);
        } else {
            reason = from == null ? "first run" : from.equals(node) ? "resumed" : "continued from " + from;
        }
        job.history().add(new History.Move(Instant.now(), step, from, node, reason));
        if (claim.cancelRequested()) {
            job.requestCancel();
        }
        LOG.info("Node {} claimed {} (lease {}, {}), from the checkpoint of step {}", node, job.id(), claim.lease(), reason, step);
        return true;
    }

    /** This replica stops: the job, checkpointed and INTERRUPTED, goes back to the queue for another replica. */
    private CompletionHandler<Void> handOn(TrainingJob job) {
        job.transition(JobStatus.QUEUED, node + " stopped at step " + job.checkpointStep() + "; another replica continues the job");
        job.resume(true);
        try {
            records.save(job);
        } catch (LeaseLostException e) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        LOG.info("Node {} stops: {} goes back to the queue", node, job.id());
        return (complete, operations) -> operations.reschedule(complete, Instant.now());
    }
}
