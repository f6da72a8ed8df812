package dev.charlm.corpus;

import dev.charlm.storage.ClusterStorage;
import dev.charlm.storage.JsonRecordTable;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Corpora as rows of the table {@code corpus} (db/migration): the JSON of corpus.json, and its creation time to list by. */
@Component
@ClusterStorage
class PostgresCorpusRepository implements CorpusRepository {

    private final JsonRecordTable<Corpus> table;

    PostgresCorpusRepository(JdbcClient db, JsonMapper json) {
        this.table = new JsonRecordTable<>(db, json, "corpus", Corpus.class);
    }

    @Override
    public void save(Corpus corpus) {
        table.save(corpus.id(), corpus.createdAt(), corpus);
    }

    @Override
    public Optional<Corpus> find(String id) {
        return CorpusDirectories.isCorpusId(id) ? table.find(id) : Optional.empty();
    }

    @Override
    public List<Corpus> list() {
        return table.list();
    }

    @Override
    public void delete(String id) {
        table.delete(id);
    }
}
