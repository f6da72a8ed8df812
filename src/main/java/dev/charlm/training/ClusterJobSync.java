package dev.charlm.training;

import dev.charlm.cluster.ClusterNode;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode: keeps this replica's copies of the jobs other replicas train up to date, so that every replica
 * serves the whole API. It LISTENs on one connection for two channels: {@link PostgresJobRepository#CHANGED} (a job
 * was saved or deleted: its row is read again, and a change of state is published to the job's event streams as
 * {@code status} or {@code end}) and {@link ClusterEventRelay#CHANNEL} (a live event of a job another replica trains:
 * applied to the copy and published to its streams). Every few seconds it also reconciles the whole table, which
 * covers notifications lost while the connection was down, and passes cancel requests on to the jobs this replica
 * trains.
 */
@Component
@ConditionalOnProperty(name = "charlm.cluster.enabled", havingValue = "true")
class ClusterJobSync {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobSync.class);
    private static final int WAIT_MILLIS = 250;
    private static final long RECONCILE_NANOS = 10_000_000_000L;

    private final DataSource database;
    private final JobRegistry jobs;
    private final PostgresJobRepository records;
    private final ClusterJobDispatch dispatch;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final String node;
    private final Thread listener = new Thread(this::listen, "charlm-cluster-sync");
    private volatile boolean running = true;

    ClusterJobSync(DataSource database, JobRegistry jobs, PostgresJobRepository records, ClusterJobDispatch dispatch, JsonMapper json,
                   ApplicationEventPublisher events, ClusterNode node) {
        this.database = database;
        this.jobs = jobs;
        this.records = records;
        this.dispatch = dispatch;
        this.json = json;
        this.events = events;
        this.node = node.name();
        listener.setDaemon(true);
    }

    /** Before the dispatch starts picking jobs: the copies take their leases from the table, then follow it. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(1)
    void start() {
        reconcile();
        listener.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        listener.interrupt();
    }

    private void listen() {
        while (running) {
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                s.execute("LISTEN " + PostgresJobRepository.CHANGED);
                s.execute("LISTEN " + ClusterEventRelay.CHANNEL);
                reconcile();   // what changed while this connection was not listening
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastReconcile = System.nanoTime();
                while (running) {
                    PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification n : received) {
                            handle(n);
                        }
                    }
                    passOnCancels();
                    if (System.nanoTime() - lastReconcile > RECONCILE_NANOS) {
                        reconcile();
                        lastReconcile = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Cluster sync lost its database connection ({}); reconnecting", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void handle(PGNotification n) {
        try {
            if (n.getName().equals(PostgresJobRepository.CHANGED)) {
                changed(n.getParameter());
            } else if (n.getName().equals(ClusterEventRelay.CHANNEL)) {
                relayed(json.readTree(n.getParameter()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not apply the notification {} {}: {}", n.getName(), n.getParameter(), e.toString());
        }
    }

    /** A job was saved or deleted by some replica. */
    private void changed(String id) {
        if (dispatch.trainsHere(id)) {
            return;   // this replica's own save
        }
        Optional<PostgresJobRepository.Row> row = records.row(id);
        if (row.isPresent()) {
            apply(row.get());
        } else {
            removed(id);
        }
    }

    /** Every row applied, and every copy without a row removed: the state after lost notifications. */
    void reconcile() {
        Set<String> seen = new HashSet<>();
        for (PostgresJobRepository.Row row : records.rows()) {
            seen.add(row.record().id());
            apply(row);
        }
        for (TrainingJob j : List.copyOf(jobs.all())) {
            if (!seen.contains(j.id())) {
                removed(j.id());
            }
        }
    }

    private void apply(PostgresJobRepository.Row row) {
        // a copy is built only for a job this replica does not know yet, not at every reconcile
        TrainingJob known = jobs.find(row.record().id()).orElse(null);
        TrainingJob fresh = known != null ? null : new TrainingJob(row.record(), row.history(), row.lease());
        TrainingJob job = known != null ? known : jobs.addIfAbsent(fresh);
        JobStatus before;
        synchronized (job) {   // ClusterJobDispatch marks a job as its own before it locks it to claim it
            if (dispatch.trainsHere(job.id())) {
                return;
            }
            before = job.status();
            job.refresh(row.record(), row.history(), row.lease());
        }
        if (job == fresh) {
            events.publishEvent(new JobEvent.Registered(job));
        } else if (job.status() != before) {
            job.publish(job.status().active() ? "status" : "end", ModelView.of(job));
        }
    }

    private void removed(String id) {
        if (dispatch.trainsHere(id)) {
            return;
        }
        jobs.find(id).ifPresent(j -> {
            jobs.remove(id);
            events.publishEvent(new JobEvent.Removed(j));
            j.publish("end", ModelView.of(j));
        });
    }

    /** A live event of a job another replica trains. */
    private void relayed(JsonNode message) {
        String id = message.get("job").asString();
        String event = message.get("event").asString();
        Class<?> type = ClusterEventRelay.EVENTS.get(event);
        if (type == null || node.equals(message.get("node").asString()) || dispatch.trainsHere(id)) {
            return;
        }
        Optional<TrainingJob> job = jobs.find(id);
        if (job.isEmpty()) {
            return;
        }
        Object data = json.treeToValue(message.get("data"), type);
        if (data instanceof ProgressView p) {
            job.get().progress(p);
        } else if (!job.get().history().addOnce(data)) {
            return;   // it came with the saved history already
        }
        job.get().publish(event, data);
    }

    /** A cancel asked for on another replica reaches the job here. */
    private void passOnCancels() {
        Set<String> here = dispatch.trainingHere();
        if (here.isEmpty()) {
            return;
        }
        for (String id : records.cancelRequested(List.copyOf(here))) {
            jobs.find(id).ifPresent(TrainingJob::requestCancel);
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
