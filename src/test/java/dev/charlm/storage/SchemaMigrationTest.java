package dev.charlm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Flyway scripts under db/migration build cluster mode's schema on an empty PostgreSQL database. */
class SchemaMigrationTest {

    @Test
    void flywayMigratesAnEmptyDatabaseToTheLatestVersion() {
        DataSource empty = TestPostgres.emptyDatabase(TestPostgres.uniqueName("migrate"));
        Flyway flyway = Flyway.configure().dataSource(empty).load();   // Boot's default location: classpath:db/migration

        assertThat(flyway.info().current()).isNull();
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(2);

        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("2");
        assertThat(flyway.migrate().migrationsExecuted).isZero();   // nothing left to do
        JdbcClient db = JdbcClient.create(empty);
        assertThat(db.sql("""
                        SELECT table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns
                        WHERE table_schema = 'public' AND table_name IN ('job', 'corpus', 'sweep', 'checkpoint') ORDER BY table_name, ordinal_position""")
                .query(String.class).list())
                .containsExactly(
                        "checkpoint.model_id text", "checkpoint.fence bigint", "checkpoint.object_key text",
                        "corpus.id text", "corpus.created_at timestamp with time zone", "corpus.record json",
                        "job.id text", "job.status text", "job.created_at timestamp with time zone", "job.corpus text",
                        "job.sweep text", "job.record json", "job.history json", "job.lease bigint", "job.cancel_requested boolean",
                        "sweep.id text", "sweep.created_at timestamp with time zone", "sweep.record json");
        assertThat(db.sql("SELECT count(*) FROM scheduled_tasks").query(Integer.class).single()).isZero();   // db-scheduler's table
    }
}
