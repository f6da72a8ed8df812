package dev.charlm.bench;

import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.text.TextOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Encodes a corpus file as a training job does (vocabulary, then ids: {@link EncodedCorpus#encode}) a few
 * times and prints the median speed (run on demand, never in tests).
 *
 * <pre>
 * java -cp ... dev.charlm.bench.EncodingBenchmark --corpus PATH [--runs 3]
 * </pre>
 * Prints one line: {@code encode <file> mb=<size> mb/s=<median> bytes_per_token=<1|2|4> runs=<n>}.
 */
public final class EncodingBenchmark {

    public static void main(String[] args) {
        Path corpus = null;
        int runs = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--corpus" -> corpus = Path.of(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (corpus == null) {
            throw new IllegalArgumentException("--corpus PATH is required");
        }
        double mb = sizeOf(corpus) / 1e6;
        double[] rates = new double[runs];
        int width = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            EncodedCorpus c = EncodedCorpus.encode(EncodedCorpus.Source.of(corpus), TextOptions.DEFAULT);
            rates[r] = mb / ((System.nanoTime() - t0) / 1e9);
            width = c.tokens().bytesPerToken();
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "encode %s mb=%.1f mb/s=%.0f bytes_per_token=%d runs=%d%n", corpus.getFileName(), mb,
                rates[runs / 2], width, runs);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
