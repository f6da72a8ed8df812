package dev.charlm.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service as a child process, for the tests that kill it (CrashIT, ClusterFailoverIT): started on a free
 * port with the given settings, its output in {@code log}, and up once its health is UP.
 */
public record JarService(String name, Process process, Http http, int port, Path log) {

    /** The jar {@code package} built; the *IT tests run after it (Failsafe). */
    public static final Path JAR = Path.of(System.getProperty("crash.jar", "target/charlm-0.1.0-SNAPSHOT.jar"));
    private static final Duration START = Duration.ofSeconds(90);

    /** Starts the jar with {@code settings} ({@code --property=value}) and waits until it is UP. */
    public static JarService start(String name, List<String> settings, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-jar", JAR.toAbsolutePath().toString(), "--server.port=" + port));
        command.addAll(settings);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        JarService service = new JarService(name, p, new Http(port), port, log);
        long started = System.nanoTime();
        try {
            service.awaitUp();
        } catch (AssertionError | RuntimeException e) {
            p.destroyForcibly();   // a service that never came up is not left running
            throw e;
        }
        System.out.printf("  %s up on port %d in %.1f s%n", name, port, (System.nanoTime() - started) / 1e9);
        return service;
    }

    private void awaitUp() throws InterruptedException, IOException {
        long end = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.get("/actuator/health");
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " is not UP after " + START + ":\n" + tail());
    }

    /** SIGKILL: Process.destroyForcibly on Linux; no shutdown hook, no checkpoint on the way out. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + " died").isTrue();
    }

    /** Sends the signal (STOP, CONT) to the service's JVM. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }

    /** Whether its log has {@code text} within 30 seconds. */
    public boolean logContains(String text) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            if (Files.readString(log).contains(text)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
