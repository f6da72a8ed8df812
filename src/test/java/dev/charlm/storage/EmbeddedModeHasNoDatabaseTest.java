package dev.charlm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.CharLmApplication;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application with no settings but a data directory starts without any database: the JDBC, Flyway and
 * PostgreSQL jars on its class path wire nothing until cluster mode is switched on.
 */
@SpringBootTest(classes = CharLmApplication.class)
class EmbeddedModeHasNoDatabaseTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @Autowired
    ApplicationContext context;

    @Test
    void theDefaultContextHasNoDataSourceNoFlywayAndNoJdbcClient() throws Exception {
        assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
        assertThat(context.getBeanNamesForType(Flyway.class)).isEmpty();
        assertThat(context.getBeanNamesForType(JdbcClient.class)).isEmpty();
        assertThat(context.getBean(Class.forName("dev.charlm.training.JobRepository")).getClass().getSimpleName())
                .isEqualTo("FileJobRepository");
        assertThat(context.getBean(Class.forName("dev.charlm.sweep.SweepStore")).getClass().getSimpleName())
                .isEqualTo("FileSweepStore");
    }
}
