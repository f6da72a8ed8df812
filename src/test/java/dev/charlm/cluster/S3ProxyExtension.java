package dev.charlm.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An S3 API server for the S3 storage tests: s3proxy with its transient (in-memory) backend, in its own JVM on
 * the classpath the build resolved into {@code target/s3proxy.classpath} (its dependencies never meet ours).
 * One server for the whole test run (JUnit closes what the root store holds), on a free port of 127.0.0.1.
 */
public final class S3ProxyExtension implements BeforeAllCallback {

    private static final String ACCESS_KEY = "charlm-test";
    private static final String SECRET_KEY = "charlm-test-secret";
    private static final Duration START = Duration.ofSeconds(30);

    private static volatile Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
    }

    /** Settings for a new bucket of its own (so each test starts empty), to be created at open. */
    public static S3Properties newBucket() {
        return properties("t-" + UUID.randomUUID(), true);
    }

    /** Settings for the bucket {@code name} of the server, created at open or not as {@code create} says. */
    public static S3Properties properties(String name, boolean create) {
        return new S3Properties(server.endpoint(), name, "us-east-1", ACCESS_KEY, SECRET_KEY, true, create);
    }

    record Server(Process process, URI endpoint) implements AutoCloseable {

        static Server start() {
            try {
                Path classpath = Path.of("target", "s3proxy.classpath");
                if (!Files.isRegularFile(classpath)) {
                    throw new IllegalStateException(classpath + " is missing: the build's generate-test-resources phase writes it");
                }
                int port;
                try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    port = free.getLocalPort();
                }
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                Path dir = Files.createTempDirectory("s3proxy-");
                Path props = dir.resolve("s3proxy.properties");
                Files.write(props, List.of(
                        "s3proxy.endpoint=" + endpoint,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        "jclouds.provider=transient",
                        "jclouds.identity=unused",
                        "jclouds.credential=unused"));
                Path java = Path.of(System.getProperty("java.home"), "bin", "java");
                Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-DLOG_LEVEL=warn",
                        "-cp", Files.readString(classpath).trim(), "org.gaul.s3proxy.Main", "--properties", props.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("s3proxy.log").toFile())
                        .start();
                Server s = new Server(p, endpoint);
                // the store closes it when the run ends; this, when the test JVM ends some other way
                Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
                s.awaitUp(dir.resolve("s3proxy.log"));
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Up once it answers HTTP at all (an anonymous request is refused with a 403). */
        private void awaitUp(Path log) throws IOException {
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                try {
                    HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
                    c.setConnectTimeout(500);
                    c.getResponseCode();
                    c.disconnect();
                    return;
                } catch (IOException notYet) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            close();
            throw new IllegalStateException("s3proxy did not answer within " + START + ":\n" + Files.readString(log));
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
