package dev.charlm.sweep;

import dev.charlm.storage.ClusterStorage;
import dev.charlm.storage.JsonRecordTable;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sweeps as rows of the table {@code sweep} (db/migration): the JSON of sweeps/&lt;id&gt;.json and its creation time.
 * Unlike {@link FileSweepStore} nothing is cached, because another replica may have written a sweep since.
 */
@Component
@ClusterStorage
class PostgresSweepStore implements SweepStore {

    private final JsonRecordTable<SweepRecord> table;

    PostgresSweepStore(JdbcClient db, JsonMapper json) {
        this.table = new JsonRecordTable<>(db, json, "sweep", SweepRecord.class);
    }

    @Override
    public void save(SweepRecord sweep) {
        table.save(sweep.id(), sweep.createdAt(), sweep);
    }

    @Override
    public Optional<SweepRecord> find(String id) {
        return table.find(id);
    }

    @Override
    public List<SweepRecord> all() {
        return table.list();
    }

    @Override
    public void delete(String id) {
        table.delete(id);
    }
}
