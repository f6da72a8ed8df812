package dev.charlm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sampling over HTTP against a running service (run on demand): {@code clients} concurrent clients each
 * send {@code requests} {@code GET /models/{id}/sample} requests for {@code length} characters after a
 * 50-character prefix, after untimed warm-up requests. Prints
 * {@code sample <label> chars/s=<n> p50_ms=<n> p99_ms=<n> clients=<k>}: chars/s counts generated
 * characters over the wall time of the timed requests, latencies are per request.
 *
 * <p>With {@code --seconds S} each client instead sends requests back to back until S seconds have passed,
 * and a failed request (an exception or a status other than 200) is counted, not fatal. Prints
 * {@code load clients=<k> seconds=<s> requests=<n> errors=<e> p50_ms=<n> p99_ms=<n> max_ms=<n>}; the
 * percentiles and the maximum cover every timed request, failed ones included.
 *
 * <pre>
 * java -cp ... dev.charlm.bench.SamplingLoad --base http://localhost:8080 --model m-... --clients 8
 *      [--requests 50 | --seconds 60] [--length 200] [--warmup-seconds 5] [--corpus ../shared/data/tinyshakespeare.txt]
 *      [--label lstm-1x256]
 * </pre>
 */
public final class SamplingLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = TrainingBenchmark.parse(args);
        String base = a.getOrDefault("base", "http://localhost:8080");
        String model = a.get("model");
        int clients = Integer.parseInt(a.getOrDefault("clients", "1"));
        int requests = Integer.parseInt(a.getOrDefault("requests", "50"));
        int length = Integer.parseInt(a.getOrDefault("length", "200"));
        String label = a.getOrDefault("label", "lstm-1x256");
        String corpus = Files.readString(Path.of(a.getOrDefault("corpus", "../shared/data/tinyshakespeare.txt")));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            // warm-up, untimed: every client's connection, and the server's JIT on the sampling path
            long warmEnd = System.nanoTime() + (long) (Double.parseDouble(a.getOrDefault("warmup-seconds", "5")) * 1e9);
            for (int w = 0; System.nanoTime() < warmEnd; w++) {
                run(http, pool, base, model, corpus, clients, 2, length, 7_000_000 + w * 10);
            }
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            if (a.containsKey("seconds")) {
                double duration = Double.parseDouble(a.get("seconds"));
                long errors = forDuration(http, pool, base, model, corpus, clients, duration, length, latencies);
                Collections.sort(latencies);
                System.out.printf(Locale.ROOT, "load clients=%d seconds=%.0f requests=%d errors=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                        clients, duration, latencies.size(), errors, percentile(latencies, 0.50), percentile(latencies, 0.99),
                        latencies.get(latencies.size() - 1));
                return;
            }
            long t0 = System.nanoTime();
            long chars = run(http, pool, base, model, corpus, clients, requests, length, 0, latencies);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Collections.sort(latencies);
            System.out.printf(Locale.ROOT, "sample %s chars/s=%.0f p50_ms=%.1f p99_ms=%.1f clients=%d requests=%d%n", label,
                    chars / seconds, percentile(latencies, 0.50), percentile(latencies, 0.99), clients, latencies.size());
        } finally {
            pool.shutdownNow();
        }
    }

    static double percentile(List<Double> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** Every client sends requests back to back for {@code seconds}; returns the failed requests. */
    private static long forDuration(HttpClient http, ExecutorService pool, String base, String model, String corpus,
                                    int clients, double seconds, int length, List<Double> latencies) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<Long>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                long errors = 0;
                for (int r = 0; System.nanoTime() < end; r++) {
                    URI uri = uri(base, model, corpus, length, client * 1_000_000 + r);
                    long q = System.nanoTime();
                    try {
                        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() != 200) {
                            errors++;
                        }
                    } catch (IOException e) {
                        errors++;
                    }
                    latencies.add((System.nanoTime() - q) / 1e6);
                }
                return errors;
            }));
        }
        long total = 0;
        for (Future<Long> f : futures) {
            total += f.get();
        }
        return total;
    }

    /** A request for {@code length} characters after a 50-character prefix taken from the corpus at a seeded place. */
    private static URI uri(String base, String model, String corpus, int length, int seed) {
        int at = Math.floorMod(seed * 7919, corpus.length() - 60);
        String prefix = corpus.substring(at, at + 50);
        return URI.create(base + "/models/" + model + "/sample?length=" + length + "&temperature=1&seed=" + seed
                + "&prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
    }

    private static long run(HttpClient http, ExecutorService pool, String base, String model, String corpus, int clients,
                            int requests, int length, int seedBase) throws Exception {
        return run(http, pool, base, model, corpus, clients, requests, length, seedBase, new ArrayList<>());
    }

    private static long run(HttpClient http, ExecutorService pool, String base, String model, String corpus, int clients,
                            int requests, int length, int seedBase, List<Double> latencies) throws Exception {
        List<Future<Long>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                long generated = 0;
                for (int r = 0; r < requests; r++) {
                    URI uri = uri(base, model, corpus, length, seedBase + client * 100_000 + r);
                    long q = System.nanoTime();
                    HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
                    latencies.add((System.nanoTime() - q) / 1e6);
                    if (res.statusCode() != 200) {
                        throw new IOException("HTTP " + res.statusCode() + ": " + res.body());
                    }
                    generated += length;
                }
                return generated;
            }));
        }
        long total = 0;
        for (Future<Long> f : futures) {
            total += f.get();
        }
        return total;
    }
}
