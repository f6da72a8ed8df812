package dev.charlm.training;

import dev.charlm.storage.ClusterStorage;
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
 * history.json, beside the record's members a cluster queries by. A save is one upsert, so it replaces both whole
 * or, when it fails, neither.
 */
@Component
@ClusterStorage
class PostgresJobRepository implements JobRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresJobRepository.class);

    private final JdbcClient db;
    private final JsonMapper json;

    PostgresJobRepository(JdbcClient db, JsonMapper json) {
        this.db = db;
        // records written by another version may carry fields this one does not know
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    @Override
    public void save(JobRecord record, History.Snapshot history) {
        db.sql("""
                        INSERT INTO job (id, status, created_at, corpus, sweep, record, history)
                        VALUES (:id, :status, :createdAt, :corpus, :sweep, CAST(:record AS json), CAST(:history AS json))
                        ON CONFLICT (id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at,
                            corpus = excluded.corpus, sweep = excluded.sweep, record = excluded.record, history = excluded.history
                        """)
                .param("id", record.id())
                .param("status", record.state().status().name())
                .param("createdAt", record.times().createdAt() == null ? null : Timestamp.from(record.times().createdAt()))
                .param("corpus", record.corpus())
                .param("sweep", record.sweep())
                .param("record", json.writeValueAsString(record))
                .param("history", json.writeValueAsString(history))
                .update();
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
        Optional<String> history = db.sql("SELECT history::text FROM job WHERE id = :id").param("id", id)
                .query(String.class).optional();
        if (history.isEmpty()) {
            return History.Snapshot.EMPTY;
        }
        try {
            return json.readValue(history.get(), History.Snapshot.class);
        } catch (RuntimeException e) {
            LOG.warn("History of model {} cannot be read ({}); starting an empty one", id, e.getMessage());
            return History.Snapshot.EMPTY;
        }
    }

    @Override
    public void delete(String id) {
        db.sql("DELETE FROM job WHERE id = :id").param("id", id).update();
    }
}
