package dev.charlm.golden;

import dev.charlm.CharLmApplication;
import dev.charlm.Http;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Makes src/test/resources/upgrade/data-v0.1/: a data directory as today's release leaves it, for
 * {@code UpgradeTest} to start a later release on. Everything goes through the HTTP API of a real
 * service in a child JVM: one corpus uploaded, two small models trained to COMPLETED, and a third job
 * that is RUNNING when the child is killed with SIGKILL (no shutdown hook runs, so its job.json still
 * says RUNNING, its model.clm is the last checkpoint written: exactly what a crash or {@code kill -9}
 * leaves). Killing a process is the one reliable way to get that state; copying the directory of a
 * live service could catch job.json, history.json and model.clm at different checkpoints.
 *
 * <p>Then a service of today's code is started in this JVM on a copy of the result, and what it
 * answers (status of each model, seeded samples, scores, the corpus) is written to expected.json.
 * Re-run only to make a new baseline, from the project directory:
 * <pre>
 *   ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *       dev.charlm.golden.UpgradeData src/test/resources/upgrade
 * </pre>
 */
public final class UpgradeData {

    public static final String DATA = "data-v0.1";

    static final String CORPUS = ("twinkle twinkle little star, how i wonder what you are.\n"
            + "up above the world so high, like a diamond in the sky.\n").repeat(12);

    /** Two completed models whose specs between them use most training options (the ones being rewritten). */
    static final String GRU = """
            {"corpus": "%s", "name": "v0.1 gru", "cell": "gru", "hiddenSize": 8, "seqLength": 16, "batchSize": 4,
             "maxSteps": 30, "evalEvery": 10, "valFraction": 0.1, "logEvery": 5, "seed": 11, "sampleEvery": 10,
             "samplePrefixes": ["twin"], "sampleLength": 12,
             "optimizer": {"type": "adam", "learningRate": 0.02}, "clip": {"mode": "norm", "threshold": 5}}""";
    static final String LSTM = """
            {"corpus": "%s", "name": "v0.1 lstm", "cell": "lstm", "layers": 2, "hiddenSize": 6, "embeddingSize": 4,
             "dropout": 0.1, "init": "uniform", "preprocessing": "lowercase", "batching": "random", "seqLength": 12,
             "batchSize": 3, "maxSteps": 24, "evalEvery": 8, "valFraction": 0.1, "logEvery": 4, "precision": "float64",
             "seed": 12, "lossReduction": "sum", "lrDecay": {"factor": 0.9, "afterEpoch": 1},
             "optimizer": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9, "weightDecay": 0.0001},
             "clip": {"mode": "value", "threshold": 1}}""";
    /** Trains until killed. */
    static final String RNN = """
            {"corpus": "%s", "name": "v0.1 rnn killed", "cell": "rnn", "hiddenSize": 8, "seqLength": 16, "batchSize": 2,
             "epochs": 100000, "evalEvery": 20, "valFraction": 0, "logEvery": 20, "seed": 13,
             "optimizer": {"type": "rmsprop", "learningRate": 0.01}}""";

    /** Samples asked of every model (prefix, length, temperature, seed). */
    static final List<Probe> PROBES = List.of(new Probe("twin", 30, 0.8, 42), new Probe("up ", 20, 0.0, 0), new Probe("", 25, 1.2, 7));
    static final String SCORE_TEXT = "twinkle twinkle little star, up above the world so high";

    record Probe(String prefix, int length, double temperature, long seed) {
        String query() {
            return "?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "&length=" + length + "&temperature=" + temperature
                    + "&seed=" + seed;
        }
    }

    /** Expected answers of the service started on the directory. */
    public record Expected(String generatedBy, CorpusExpected corpus, List<ModelExpected> models) {
    }

    public record CorpusExpected(String id, String name, long chars, long distinctChars, long lines, String preview) {
    }

    /** {@code config} is the resolved training request as GET /models/{id} shows it. */
    public record ModelExpected(String id, String name, String cell, String status, Long checkpointStep, JsonNode config,
                                List<SampleExpected> samples, ScoreExpected score) {
    }

    public record SampleExpected(String prefix, int length, double temperature, long seed, String text, String finishReason) {
        public String query() {
            return new Probe(prefix, length, temperature, seed).query();
        }
    }

    public record ScoreExpected(String text, long chars, double nll, double bitsPerChar, double perplexity) {
    }

    private UpgradeData() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/upgrade");
        Path work = Files.createTempDirectory("charlm-upgrade-");
        Path data = null;
        String killed = null;
        for (int attempt = 1; killed == null; attempt++) {
            require(attempt <= 5, "a kill between two checkpoints within 5 attempts");
            data = work.resolve("data-" + attempt);
            String id = makeData(data);
            if (betweenCheckpoints(data, id)) {
                killed = id;
            } else {
                System.out.println("attempt " + attempt + ": the kill fell inside a checkpoint write; again");
            }
        }
        Path target = out.resolve(DATA);
        deleteTree(target);
        copyTree(data, target);
        dropBuiltInCorpora(target);
        Path probe = work.resolve("probe");
        copyTree(target, probe);
        Expected expected = observe(probe);
        String k = killed;
        if (expected.models().stream().noneMatch(m -> m.id().equals(k) && m.status().equals("INTERRUPTED"))) {
            throw new IllegalStateException("the killed job " + killed + " was not restored as INTERRUPTED: " + expected);
        }
        Files.write(out.resolve("expected.json"), GoldenFiles.JSON.writeValueAsBytes(expected));
        deleteTree(work);
        System.out.println("wrote " + target.toAbsolutePath() + " and expected.json");
    }

    /**
     * Whether job.json names the checkpoint that model.clm holds. A kill that falls between writing
     * model.clm and job.json leaves job.json one checkpoint behind (a real state, but not the one this
     * baseline is meant to show: it would make the test depend on where the kill fell).
     */
    static boolean betweenCheckpoints(Path data, String id) throws IOException {
        Path dir = data.resolve("models").resolve(id);
        long recorded = GoldenFiles.JSON.readTree(dir.resolve("job.json").toFile()).path("checkpointStep").asLong(-1);
        long inFile = dev.charlm.engine.io.ModelFile.read(dir.resolve("model.clm")).state().step();
        return recorded == inFile;
    }

    /** The child service's whole life; returns the id of the job that was killed while running. */
    static String makeData(Path data) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process child = startChild(data, port);
        try {
            Http http = new Http(port);
            awaitUp(http, child);
            JsonNode corpus = http.json(http.send("POST", "/corpora?name=twinkle", "text/plain; charset=utf-8",
                    CORPUS.getBytes(StandardCharsets.UTF_8), "application/json"));
            String c = corpus.get("id").asString();
            for (String spec : List.of(GRU, LSTM)) {
                String id = submit(http, spec.formatted(c));
                http.awaitStatus("/models/" + id, Duration.ofSeconds(120), "COMPLETED", "FAILED", "CANCELLED");
                require(http.json(http.get("/models/" + id)).get("status").asString().equals("COMPLETED"), "model " + id + " completed");
            }
            String running = submit(http, RNN.formatted(c));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonNode m = http.json(http.get("/models/" + running));
            while (m.path("checkpointStep").asLong(0) < 20) {
                require(System.nanoTime() < end, "a checkpoint of " + running + " within 60 s: " + m);
                Thread.sleep(5);
                m = http.json(http.get("/models/" + running));
            }
            require(m.get("status").asString().equals("RUNNING"), "job " + running + " running when killed");
            child.destroyForcibly();   // SIGKILL: nothing of the service runs after this
            require(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the child exits");
            return running;
        } finally {
            child.destroyForcibly();
        }
    }

    static Process startChild(Path data, int port) throws IOException {
        // the service's own classpath: without test classes, as the released jar would run
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes")).collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "-Xmx512m", "-cp", cp,
                CharLmApplication.class.getName(), "--server.port=" + port, "--charlm.data-dir=" + data.toAbsolutePath(),
                "--charlm.bootstrap.enabled=false", "--charlm.jobs.threads=1"));
        return new ProcessBuilder(cmd).inheritIO().start();
    }

    static void awaitUp(Http http, Process child) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            require(child.isAlive(), "the child service is running");
            try {
                if (http.get("/models").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            require(System.nanoTime() < end, "the child service answers within 120 s");
            Thread.sleep(200);
        }
    }

    static String submit(Http http, String body) {
        HttpResponse<String> r = http.postJson("/models", body);
        require(r.statusCode() == 202, "202 for " + body + ", got " + r.statusCode() + " " + r.body());
        return http.json(r).get("id").asString();
    }

    /** Starts today's service in this JVM on {@code data} and records what it answers. */
    static Expected observe(Path data) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CharLmApplication.class)
                .run("--server.port=0", "--charlm.data-dir=" + data.toAbsolutePath(), "--charlm.bootstrap.enabled=false")) {
            Http http = new Http(app.getEnvironment().getProperty("local.server.port", Integer.class));
            JsonNode corpus = null;
            for (JsonNode c : http.json(http.get("/corpora"))) {
                if (!c.get("builtIn").asBoolean()) {
                    corpus = http.json(http.get("/corpora/" + c.get("id").asString() + "?preview=60"));
                }
            }
            require(corpus != null, "the uploaded corpus is listed");
            List<ModelExpected> models = new ArrayList<>();
            for (JsonNode m : http.json(http.get("/models"))) {
                String id = m.get("id").asString();
                List<SampleExpected> samples = new ArrayList<>();
                for (Probe p : PROBES) {
                    HttpResponse<String> r = http.get("/models/" + id + "/sample" + p.query());
                    require(r.statusCode() == 200, "sample of " + id + ": " + r.body());
                    JsonNode s = http.json(r);
                    samples.add(new SampleExpected(p.prefix(), p.length(), p.temperature(), p.seed(), s.get("text").asString(),
                            s.get("finishReason").asString()));
                }
                JsonNode sc = http.json(http.postJson("/models/" + id + "/score",
                        GoldenFiles.JSON.writeValueAsString(java.util.Map.of("text", SCORE_TEXT))));
                models.add(new ModelExpected(id, m.get("name").asString(), m.get("cell").asString(), m.get("status").asString(),
                        m.hasNonNull("checkpointStep") ? m.get("checkpointStep").asLong() : null, m.get("config"), samples,
                        new ScoreExpected(SCORE_TEXT, sc.get("chars").asLong(), sc.get("nll").asDouble(),
                                sc.get("bitsPerChar").asDouble(), sc.get("perplexity").asDouble())));
            }
            models.sort(Comparator.comparing(ModelExpected::name));
            return new Expected(UpgradeData.class.getName(),
                    new CorpusExpected(corpus.get("id").asString(), corpus.get("name").asString(), corpus.get("chars").asLong(),
                            corpus.get("distinctChars").asLong(), corpus.get("lines").asLong(), corpus.get("preview").asString()),
                    models);
        }
    }

    /** The built-in corpora are installed again at every start; they would only make the directory large. */
    static void dropBuiltInCorpora(Path data) throws IOException {
        try (Stream<Path> dirs = Files.list(data.resolve("corpora"))) {
            for (Path d : dirs.toList()) {
                Path meta = d.resolve("corpus.json");
                if (Files.isRegularFile(meta) && GoldenFiles.JSON.readTree(meta.toFile()).path("builtIn").asBoolean()) {
                    deleteTree(d);
                }
            }
        }
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("expected: " + what);
        }
    }

    /**
     * A copy of the committed 0.1 data directory (src/test/resources/upgrade) under {@code parent}, made once: trained
     * models with checkpoints, without training. Its path.
     */
    public static Path copyInto(Path parent) {
        Path data = parent.resolve(DATA);
        if (!Files.exists(data)) {
            try {
                copyTree(Path.of(UpgradeData.class.getResource("/upgrade/" + DATA).toURI()), data);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return data;
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted().toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
