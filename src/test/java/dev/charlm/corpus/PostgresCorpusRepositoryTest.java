package dev.charlm.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.storage.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** {@link CorpusRepositoryContract} on PostgreSQL, and the row's JSON, which is corpus.json byte for byte. */
class PostgresCorpusRepositoryTest implements CorpusRepositoryContract {

    PostgresCorpusRepository repository;

    @BeforeEach
    void create() {
        TestPostgres.truncate("corpus");
        repository = new PostgresCorpusRepository(JdbcClient.create(TestPostgres.database()), JsonMapper.builder().build());
    }

    @Override
    public CorpusRepository repository() {
        return repository;
    }

    @Override
    public AutoCloseable unwritable(String id) {
        return TestPostgres.refuseWrites("corpus", id);
    }

    @Test
    void theRowHoldsCorpusJsonAsReleaseZeroOneWroteIt() {
        repository.save(CorpusRepositoryContract.corpus("c-i2qvr5pdu3", "twinkle", "2026-12-02T01:18:26.506869635Z"));

        String record = JdbcClient.create(TestPostgres.database())
                .sql("SELECT record::text FROM corpus WHERE id = 'c-i2qvr5pdu3'").query(String.class).single();
        assertThat(record).isEqualTo(CorpusFileJsonTest.STORED);
    }
}
