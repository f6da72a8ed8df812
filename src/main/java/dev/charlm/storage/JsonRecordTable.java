package dev.charlm.storage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A table of cluster mode's schema ({@code db/migration}) that holds one JSON record per id, with its creation time
 * to list by, newest first: {@code (id, created_at, record json)}. The record is the very JSON the embedded mode
 * writes to its file, so the wire format has one definition.
 *
 * @param <T> the record's type
 */
public final class JsonRecordTable<T> {

    private final JdbcClient db;
    private final JsonMapper json;
    private final Class<T> type;
    private final String upsert;
    private final String find;
    private final String list;
    private final String delete;

    /** {@code table} is a name of the schema, never input: it is written into the statements. */
    public JsonRecordTable(JdbcClient db, JsonMapper json, String table, Class<T> type) {
        this.db = db;
        // a record written by a later version may carry fields this one does not know
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.type = type;
        this.upsert = """
                INSERT INTO %s (id, created_at, record) VALUES (:id, :createdAt, CAST(:record AS json))
                ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, record = excluded.record
                """.formatted(table);
        this.find = "SELECT record::text FROM %s WHERE id = :id".formatted(table);
        this.list = "SELECT record::text FROM %s ORDER BY created_at DESC, id".formatted(table);
        this.delete = "DELETE FROM %s WHERE id = :id".formatted(table);
    }

    /** Inserts the record, or replaces the one with its id, whole. */
    public void save(String id, Instant createdAt, T record) {
        db.sql(upsert)
                .param("id", id)
                .param("createdAt", Timestamp.from(createdAt))
                .param("record", json.writeValueAsString(record))
                .update();
    }

    public Optional<T> find(String id) {
        return db.sql(find).param("id", id).query(String.class).optional().map(this::read);
    }

    /** Newest first, then by id. */
    public List<T> list() {
        return db.sql(list).query(String.class).list().stream().map(this::read).toList();
    }

    public void delete(String id) {
        db.sql(delete).param("id", id).update();
    }

    private T read(String record) {
        return json.readValue(record, type);
    }
}
