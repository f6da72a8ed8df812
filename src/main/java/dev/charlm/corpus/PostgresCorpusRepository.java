package dev.charlm.corpus;

import dev.charlm.storage.ClusterStorage;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Corpora as rows of the table {@code corpus} (db/migration): the JSON of corpus.json, and its creation time to list by. */
@Component
@ClusterStorage
class PostgresCorpusRepository implements CorpusRepository {

    private final JdbcClient db;
    private final JsonMapper json;

    PostgresCorpusRepository(JdbcClient db, JsonMapper json) {
        this.db = db;
        // records written by another version may carry fields this one does not know
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    @Override
    public void save(Corpus corpus) {
        db.sql("""
                        INSERT INTO corpus (id, created_at, record) VALUES (:id, :createdAt, CAST(:record AS json))
                        ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, record = excluded.record
                        """)
                .param("id", corpus.id())
                .param("createdAt", Timestamp.from(corpus.createdAt()))
                .param("record", json.writeValueAsString(corpus))
                .update();
    }

    @Override
    public Optional<Corpus> find(String id) {
        if (!CorpusDirectories.isCorpusId(id)) {
            return Optional.empty();
        }
        return db.sql("SELECT record::text FROM corpus WHERE id = :id").param("id", id)
                .query(String.class).optional()
                .map(record -> json.readValue(record, Corpus.class));
    }

    @Override
    public List<Corpus> list() {
        return db.sql("SELECT record::text FROM corpus ORDER BY created_at DESC, id")
                .query(String.class).list().stream()
                .map(record -> json.readValue(record, Corpus.class))
                .toList();
    }

    @Override
    public void delete(String id) {
        db.sql("DELETE FROM corpus WHERE id = :id").param("id", id).update();
    }
}
