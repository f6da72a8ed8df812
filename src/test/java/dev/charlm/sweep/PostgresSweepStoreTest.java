package dev.charlm.sweep;

import dev.charlm.storage.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link SweepStoreContract} on PostgreSQL. */
class PostgresSweepStoreTest implements SweepStoreContract {

    PostgresSweepStore store;

    @BeforeEach
    void create() {
        TestPostgres.truncate("sweep");
        store = new PostgresSweepStore(JdbcClient.create(TestPostgres.database()), JSON);
    }

    @Override
    public SweepStore store() {
        return store;
    }

    @Override
    public AutoCloseable unwritable(String id) {
        return TestPostgres.refuseWrites("sweep", id);
    }
}
