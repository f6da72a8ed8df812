package dev.charlm.sweep;

import dev.charlm.storage.ClusterStorage;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sweeps as rows of the table {@code sweep} (db/migration): the JSON of sweeps/&lt;id&gt;.json and its creation time.
 * Unlike {@link FileSweepStore} nothing is cached, because another replica may have written a sweep since.
 */
@Component
@ClusterStorage
class PostgresSweepStore implements SweepStore {

    private final JdbcClient db;
    private final JsonMapper json;

    PostgresSweepStore(JdbcClient db, JsonMapper json) {
        this.db = db;
        // a record written by a later version may carry fields this one does not know
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    @Override
    public void save(SweepRecord sweep) {
        db.sql("""
                        INSERT INTO sweep (id, created_at, record) VALUES (:id, :createdAt, CAST(:record AS json))
                        ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, record = excluded.record
                        """)
                .param("id", sweep.id())
                .param("createdAt", Timestamp.from(sweep.createdAt()))
                .param("record", json.writeValueAsString(sweep))
                .update();
    }

    @Override
    public Optional<SweepRecord> find(String id) {
        return db.sql("SELECT record::text FROM sweep WHERE id = :id").param("id", id)
                .query(String.class).optional()
                .map(record -> json.readValue(record, SweepRecord.class));
    }

    @Override
    public List<SweepRecord> all() {
        return db.sql("SELECT record::text FROM sweep ORDER BY created_at DESC, id")
                .query(String.class).list().stream()
                .map(record -> json.readValue(record, SweepRecord.class))
                .toList();
    }

    @Override
    public void delete(String id) {
        db.sql("DELETE FROM sweep WHERE id = :id").param("id", id).update();
    }
}
