package dev.charlm.bench;

import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.engine.train.Outcome;
import dev.charlm.engine.train.Trainer;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Trains one configuration for a fixed time on a corpus and prints throughput (run on demand, never in
 * tests). Defaults: LSTM 1x256, batch 32, seqLength 64, Adam 2e-3, clip 5, tinyshakespeare, 30 s.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.charlm.bench.TrainingBenchmark \
 *      [--corpus PATH] [--cell lstm] [--layers 1] [--hidden 256] [--batch 32] [--seq 64] [--seconds 30]
 *      [--kernel auto|vector|ojalgo] [--threads 0] [--precision float32] [--warmup 10] [--save FILE] [--val 0]
 * </pre>
 * Prints one line: {@code train <cell>-<L>x<H>-b<B>-t<T> chars/s=<n> mfu=<ratio> kernel=<name> ...};
 * FLOPs per character = 6 × the weights in matrix products (forward 2, backward 4).
 */
public final class TrainingBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        Path corpusPath = Path.of(a.getOrDefault("corpus", "../shared/data/tinyshakespeare.txt"));
        CellType cell = CellType.valueOf(a.getOrDefault("cell", "lstm").toUpperCase(Locale.ROOT));
        int layers = Integer.parseInt(a.getOrDefault("layers", "1"));
        int hidden = Integer.parseInt(a.getOrDefault("hidden", "256"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "32"));
        int seq = Integer.parseInt(a.getOrDefault("seq", "64"));
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "30"));
        String kernel = a.getOrDefault("kernel", "auto");
        int threads = Integer.parseInt(a.getOrDefault("threads", "0"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        double peak = Double.parseDouble(a.getOrDefault("peak-gflops", "194"));
        Precision precision = Precision.valueOf(a.getOrDefault("precision", "float32").toUpperCase(Locale.ROOT));

        TrainingConfig.Builder b = TrainingConfig.defaults().toBuilder();
        b.cell = cell;
        b.layers = layers;
        b.hiddenSize = hidden;
        b.batchSize = batch;
        b.seqLength = seq;
        b.optimizer = OptimizerConfig.of(OptimizerType.ADAM, Double.parseDouble(a.getOrDefault("lr", "2e-3")));
        b.clipThreshold = 5;
        b.epochs = 1000;
        b.maxSeconds = seconds;
        b.valFraction = Double.parseDouble(a.getOrDefault("val", "0"));
        b.evalEvery = 1_000_000;
        b.kernel = kernel;
        b.threads = threads;
        b.precision = precision;
        b.seed = 12345;
        TrainingConfig config = b.build();
        EncodedCorpus corpus = EncodedCorpus.encode(EncodedCorpus.Source.of(corpusPath), config.textOptions());

        if (warmup > 0) {
            TrainingConfig.Builder w = config.toBuilder();
            w.maxSeconds = 0;
            w.maxSteps = warmup;
            try (Trainer t = Trainer.start(w.build(), corpus, Map.of())) {
                t.run(new TrainingListener() { }, () -> false);
            }
        }
        long[] steps = {0};
        double[] lastLoss = {0};
        Outcome outcome;
        Path save = a.containsKey("save") ? Path.of(a.get("save")) : null;
        try (Trainer t = Trainer.start(config, corpus, Map.of())) {
            outcome = t.run(new TrainingListener() {
                @Override
                public void onProgress(Progress p) {
                    steps[0] = p.step();
                    lastLoss[0] = p.smoothedLoss();
                }

                @Override
                public void onEvaluation(Evaluation e, dev.charlm.engine.train.Checkpoint checkpoint) {
                    if (save != null) {
                        try {
                            ModelFile.write(save, checkpoint);
                        } catch (java.io.IOException ex) {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    }
                }
            }, () -> false);
            String kernelName = t.config().kernel().equals("auto")
                    ? dev.charlm.engine.kernel.Kernels.matMul("auto").name() : t.config().kernel();
            double chars = outcome.state().trainedChars();
            double secs = outcome.state().trainSeconds();
            double charsPerSecond = chars / secs;
            long weights = Parameters.matmulWeights(t.modelConfig());
            double flopsPerChar = 6.0 * weights;
            double mfu = charsPerSecond * flopsPerChar / (peak * 1e9);
            System.out.printf(Locale.ROOT, "train %s-%dx%d-b%d-t%d chars/s=%.0f mfu=%.3f kernel=%s steps=%d seconds=%.1f loss=%.4f threads=%d precision=%s%n",
                    cell.toString(), layers, hidden, batch, seq, charsPerSecond, mfu, kernelName, steps[0], secs, lastLoss[0],
                    config.effectiveThreads(), precision);
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                m.put(key, args[++i]);
            } else {
                m.put(key, "true");
            }
        }
        return m;
    }
}
