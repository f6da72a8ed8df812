package dev.charlm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code charlm.cluster.enabled=true} and a datasource URL, the PostgreSQL family is the storage of jobs,
 * corpora and sweeps, on a schema that Boot's Flyway migrated at start; without it, neither they nor a DataSource
 * exist. Only this family is wired here: the rest of cluster mode (the bucket's beans) is not part of this test.
 */
class ClusterStorageTest {

    /** The storage beans as the application finds them: by scanning, each under its condition. */
    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackages = "dev.charlm", useDefaultFilters = false, includeFilters = @ComponentScan.Filter(
            type = FilterType.REGEX, pattern = {"dev\\.charlm\\..*\\.Postgres[A-Za-z]+", "dev\\.charlm\\.storage\\.ClusterDatabaseConfiguration"}))
    static class PostgresFamily {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                    JdbcClientAutoConfiguration.class))
            .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
            .withUserConfiguration(PostgresFamily.class);

    @Test
    void clusterModeKeepsJobsCorporaAndSweepsInPostgresqlOnAMigratedSchema() {
        String database = TestPostgres.uniqueName("cluster");
        TestPostgres.emptyDatabase(database);

        runner.withPropertyValues("charlm.cluster.enabled=true",
                        "spring.datasource.url=" + TestPostgres.url().replace(TestPostgres.DATABASE, database),
                        "spring.datasource.username=postgres")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DataSource.class).hasSingleBean(JdbcClient.class);
                    assertThat(context).hasSingleBean(type("dev.charlm.training.JobRepository"))
                            .hasSingleBean(type("dev.charlm.corpus.CorpusRepository"))
                            .hasSingleBean(type("dev.charlm.sweep.SweepStore"));
                    assertThat(context.getBean(type("dev.charlm.training.JobRepository")).getClass().getSimpleName())
                            .isEqualTo("PostgresJobRepository");
                    assertThat(context.getBean(type("dev.charlm.corpus.CorpusRepository")).getClass().getSimpleName())
                            .isEqualTo("PostgresCorpusRepository");
                    assertThat(context.getBean(type("dev.charlm.sweep.SweepStore")).getClass().getSimpleName())
                            .isEqualTo("PostgresSweepStore");
                    assertThat(context.getBean(Flyway.class).info().current().getVersion().getVersion()).isEqualTo("2");
                });
    }

    @Test
    void withoutClusterModeThereIsNoDatabaseAndNoneOfThem() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class).doesNotHaveBean(Flyway.class)
                    .doesNotHaveBean(JdbcClient.class)
                    .doesNotHaveBean(type("dev.charlm.training.JobRepository"))
                    .doesNotHaveBean(type("dev.charlm.corpus.CorpusRepository"))
                    .doesNotHaveBean(type("dev.charlm.sweep.SweepStore"));
        });
    }

    /** The storage interfaces are package-private to their features, so they are named here. */
    private static Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName(name);
    }
}
