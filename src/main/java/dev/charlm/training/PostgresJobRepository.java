package dev.charlm.training;

import dev.charlm.storage.ClusterStorage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs as rows of the table {@code job} (db/migration): the record and the history as the JSON of job.json and
 * history.json, beside the record's members a cluster queries by and the job's lease. A save is one upsert, so it
 * replaces both whole or, when it fails, neither; it applies only under the row's lease, and it notifies the
 * channel {@value #CHANGED} with the job's id, so that every replica refreshes its copy.
 */
@Component
@ClusterStorage
class PostgresJobRepository implements JobRepository {

    /** The channel a save notifies: its payload is the job's id. */
    static final String CHANGED = "charlm_job";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresJobRepository.class);

    private final JdbcClient db;
    private final JsonMapper json;

    PostgresJobRepository(JdbcClient db, JsonMapper json) {
        this.db = db;
        // records written by another version may carry fields this one does not know
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** A row as it stands: the record, the history, the lease, and whether a replica asked the job to cancel. */
    record Row(JobRecord record, History.Snapshot history, long lease, boolean cancelRequested) {
    }

    /** What a claim got: the job's new lease, and whether a cancel was asked for before it. */
    record Claim(long lease, boolean cancelRequested) {
    }

    @Override
    public void save(JobRecord record, History.Snapshot history, long lease) {
        // a new row takes the lease given (0); an existing one changes only under its own lease. A resume (an ended job
        // queued again) clears a cancel request that the job's last run ended with.
        int saved = db.sql("""
                        WITH saved AS (
                            INSERT INTO job (id, status, created_at, corpus, sweep, record, history, lease)
                            VALUES (:id, :status, :createdAt, :corpus, :sweep, CAST(:record AS json), CAST(:history AS json), :lease)
                            ON CONFLICT (id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at,
                                corpus = excluded.corpus, sweep = excluded.sweep, record = excluded.record, history = excluded.history,
                                cancel_requested = job.cancel_requested AND NOT (excluded.status = 'QUEUED' AND job.status NOT IN ('QUEUED', 'RUNNING'))
                                WHERE job.lease = excluded.lease
                            RETURNING id)
                        SELECT count(pg_notify(:channel, id)) FROM saved""")
                .param("id", record.id())
                .param("status", record.state().status().name())
                .param("createdAt", record.times().createdAt() == null ? null : Timestamp.from(record.times().createdAt()))
                .param("corpus", record.corpus())
                .param("sweep", record.sweep())
                .param("record", json.writeValueAsString(record))
                .param("history", json.writeValueAsString(history))
                .param("lease", lease)
                .param("channel", CHANGED)
                .query(Integer.class).single();
        if (saved == 0) {
            throw new LeaseLostException(record.id(), lease, "the save of its record");
        }
    }

    @Override
    public List<JobRecord> findAll() {
        List<JobRecord> out = new ArrayList<>();
        db.sql("SELECT id, record::text FROM job ORDER BY created_at DESC NULLS LAST, id")
                .query((rs, n) -> read(rs.getString(1), rs.getString(2)))
                .list()
                .forEach(r -> r.ifPresent(out::add));
        return out;
    }

    @Override
    public Optional<JobRecord> find(String id) {
        return db.sql("SELECT record::text FROM job WHERE id = :id").param("id", id)
                .query(String.class).optional()
                .flatMap(record -> read(id, record));
    }

    /** The whole row, or empty when there is none or its record cannot be read (logged). */
    Optional<Row> row(String id) {
        return db.sql("SELECT id, record::text, history::text, lease, cancel_requested FROM job WHERE id = :id").param("id", id)
                .query(this::toRow).optional().flatMap(r -> r);
    }

    private Optional<Row> toRow(ResultSet rs, int n) throws SQLException {
        String id = rs.getString(1);
        String history = rs.getString(3);
        long lease = rs.getLong(4);
        boolean cancel = rs.getBoolean(5);
        return read(id, rs.getString(2)).map(r -> new Row(r, history(id, history), lease, cancel));
    }

    /** Every row whose record can be read. */
    List<Row> rows() {
        return db.sql("SELECT id, record::text, history::text, lease, cancel_requested FROM job")
                .query(this::toRow).list().stream().flatMap(Optional::stream).toList();
    }

    /** The job's lease, 0 when it has no row. */
    long lease(String id) {
        return db.sql("SELECT lease FROM job WHERE id = :id").param("id", id).query(Long.class).optional().orElse(0L);
    }

    /**
     * Claims the job for a training thread of this replica: raises its lease by one, which fences off every
     * save of the replica that held it before, and takes its pending cancel request (clearing it).
     */
    Claim claim(String id) {
        return db.sql("""
                        WITH before AS (SELECT id, cancel_requested FROM job WHERE id = :id FOR UPDATE)
                        UPDATE job SET lease = job.lease + 1, cancel_requested = false FROM before WHERE job.id = before.id
                        RETURNING job.lease, before.cancel_requested""")
                .param("id", id)
                .query((rs, n) -> new Claim(rs.getLong(1), rs.getBoolean(2)))
                .optional().orElseThrow(() -> new ModelNotFoundException(id));
    }

    /** Asks whichever replica trains the job to cancel it; false when the job has no row. */
    boolean requestCancel(String id) {
        return db.sql("UPDATE job SET cancel_requested = true WHERE id = :id").param("id", id).update() == 1;
    }

    /** Of these jobs, the ones a replica asked to cancel. */
    List<String> cancelRequested(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.sql("SELECT id FROM job WHERE cancel_requested AND id IN (:ids)").param("ids", ids).query(String.class).list();
    }

    /** The record of a row; one that cannot be read is logged and skipped, as an unreadable job.json is. */
    private Optional<JobRecord> read(String id, String record) {
        try {
            return Optional.of(json.readValue(record, JobRecord.class));
        } catch (RuntimeException e) {
            LOG.warn("Skipping job {}: its record cannot be read ({})", id, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public History.Snapshot history(String id) {
        return db.sql("SELECT history::text FROM job WHERE id = :id").param("id", id)
                .query(String.class).optional()
                .map(h -> history(id, h)).orElse(History.Snapshot.EMPTY);
    }

    private History.Snapshot history(String id, String history) {
        try {
            return json.readValue(history, History.Snapshot.class);
        } catch (RuntimeException e) {
            LOG.warn("History of model {} cannot be read ({}); starting an empty one", id, e.getMessage());
            return History.Snapshot.EMPTY;
        }
    }

    @Override
    public void delete(String id) {
        db.sql("WITH gone AS (DELETE FROM job WHERE id = :id RETURNING id) SELECT count(pg_notify(:channel, id)) FROM gone")
                .param("id", id).param("channel", CHANGED).query(Integer.class).single();
    }
}
