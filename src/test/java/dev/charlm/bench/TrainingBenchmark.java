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
import dev.charlm.engine.train.FlatConfig;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Trains one configuration for a fixed training time (maxTrainSeconds, validation excluded) on a corpus and
 * prints throughput (run on demand, never in tests). Defaults: LSTM 1x256, batch 32, seqLength 64, Adam 2e-3,
 * clip 5, tinyshakespeare, 30 s.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.charlm.bench.TrainingBenchmark \
 *      [--corpus PATH] [--cell lstm] [--layers 1] [--hidden 256] [--batch 32] [--seq 64] [--seconds 30]
 *      [--kernel auto|vector|ojalgo] [--threads 0] [--precision float32] [--warmup 10] [--save FILE]
 *      [--init normal|uniform|xavier|torch] [--embed E] [--val-chars N] [--eval-every N] [--peak-gflops 194]
 *      [--validate] [--eval-chars N]
 *      [--lr 2e-3] [--lr-decay 1] [--lr-decay-after 0] [--seed 12345] [--epochs 1000]
 * </pre>
 * Prints one line: {@code train <cell>-<L>x<H>-b<B>-t<T> chars/s=<n> mfu=<ratio> kernel=<name> ...};
 * FLOPs per character = 6 × the weights in matrix products (forward 2, backward 4). As the peers do,
 * the first 90 % of the text trains and, with {@code --val-chars} (0 = the whole 10 % tail), the model
 * is then scored on the tail as one stream with the state carried: {@code val_bpc=<bits per char>}. With
 * {@code --eval-every N} the run validates every N steps and keeps the best weights, as the service
 * does; {@code val_bpc} is then that model's, and {@code val_bpc_last} the last weights'. Each of those
 * validations is also printed to stderr ({@code eval step=… epoch=… seconds=… val_bpc=…}, bits per
 * character of the split the trainer holds out), so a run shows where validation bottoms out. With
 * {@code --validate} (or {@code --val-chars}) the line also gives the trainer's own validations: how many, on
 * how many characters ({@code --eval-chars}, default the config's) and their time against the training time
 * ({@code validation_s=… validation_share=…}); {@code --validate} without {@code --eval-every} validates as a
 * job with the default options does.
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

        FlatConfig b = new FlatConfig(TrainingConfig.defaults());
        b.cell = cell;
        b.layers = layers;
        b.hiddenSize = hidden;
        b.embeddingSize = Integer.parseInt(a.getOrDefault("embed", "0"));
        b.batchSize = batch;
        b.seqLength = seq;
        b.optimizer = OptimizerConfig.of(OptimizerType.ADAM, Double.parseDouble(a.getOrDefault("lr", "2e-3")));
        b.lrDecay = Double.parseDouble(a.getOrDefault("lr-decay", "1"));
        b.lrDecayAfter = Integer.parseInt(a.getOrDefault("lr-decay-after", "0"));
        b.clipThreshold = 5;
        b.epochs = Integer.parseInt(a.getOrDefault("epochs", "1000"));
        b.maxTrainSeconds = seconds;   // training time alone: validation does not eat into the timed run
        boolean validate = a.containsKey("val-chars") || a.containsKey("validate");
        b.valFraction = validate ? 0.1 : 0;   // the peers' split, when their validation is asked for
        // --eval-every N: validate every N steps and keep the best weights, as the service does; --validate alone
        // validates as a job with the default options does (every epoch, and once more at the end)
        b.evalEvery = Integer.parseInt(a.getOrDefault("eval-every",
                a.containsKey("validate") ? String.valueOf(b.evalEvery) : String.valueOf(Integer.MAX_VALUE)));
        b.evalChars = Integer.parseInt(a.getOrDefault("eval-chars", String.valueOf(b.evalChars)));
        b.init = dev.charlm.engine.nn.InitScheme.valueOf(a.getOrDefault("init", "normal").toUpperCase(Locale.ROOT));
        b.kernel = kernel;
        b.threads = threads;
        b.precision = precision;
        b.seed = Long.parseLong(a.getOrDefault("seed", "12345"));   // the peers' default seed
        TrainingConfig config = b.build();
        EncodedCorpus corpus = EncodedCorpus.encode(EncodedCorpus.Source.of(corpusPath), config.text());

        if (warmup > 0) {
            // untimed, like the peers' warm-up iterations: at most --warmup steps or 3 seconds
            FlatConfig w = new FlatConfig(config);
            w.maxTrainSeconds = 3;
            w.maxSteps = warmup;
            w.valFraction = 0;
            try (Trainer t = Trainer.start(w.build(), corpus, Map.of())) {
                t.run(new TrainingListener() { }, () -> false);
            }
        }
        long[] steps = {0};
        double[] lastLoss = {0};
        // validation time: from the step's progress report to the evaluation's (the trainer validates in between)
        long[] lastProgress = {0};
        double[] validationSeconds = {0};
        int[] evaluations = {0};
        Outcome outcome;
        Path save = a.containsKey("save") ? Path.of(a.get("save")) : null;
        try (Trainer t = Trainer.start(config, corpus, Map.of())) {
            outcome = t.run(new TrainingListener() {
                @Override
                public void onProgress(Progress p) {
                    steps[0] = p.step();
                    lastLoss[0] = p.smoothedLoss();
                    lastProgress[0] = System.nanoTime();
                }

                @Override
                public void onEvaluation(Evaluation e, dev.charlm.engine.train.Checkpoint checkpoint) {
                    if (e.validationLoss() != null) {
                        validationSeconds[0] += (System.nanoTime() - lastProgress[0]) / 1e9;
                        evaluations[0]++;
                    }
                    if (e.validationLoss() != null) {
                        System.err.printf(Locale.ROOT, "eval step=%d epoch=%.2f seconds=%.1f val_bpc=%.4f%s%n", e.step(),
                                e.epoch(), e.elapsedSeconds(), e.validationLoss() / Math.log(2), e.improved() ? " best" : "");
                    }
                    if (save != null) {
                        try {
                            ModelFile.write(save, checkpoint);
                        } catch (java.io.IOException ex) {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    }
                }
            }, () -> false);
            String kernelName = t.config().run().kernel().equals("auto")
                    ? dev.charlm.engine.kernel.Kernels.matMul("auto").name() : t.config().run().kernel();
            String valPart = "";
            if (validate) {
                valPart = String.format(Locale.ROOT, " evaluations=%d eval_chars=%d validation_s=%.2f validation_share=%.3f",
                        evaluations[0], config.validation().evalChars(), validationSeconds[0],
                        validationSeconds[0] / outcome.state().totals().trainSeconds());
            }
            if (a.containsKey("val-chars")) {
                int n = Integer.parseInt(a.get("val-chars"));
                valPart += String.format(Locale.ROOT, " val_bpc=%.4f", validationBitsPerChar(corpusPath, t.checkpoint().servingModelCopy(), n));
                if (a.containsKey("eval-every")) {
                    valPart += String.format(Locale.ROOT, " val_bpc_last=%.4f best_step=%d", validationBitsPerChar(corpusPath,
                            t.checkpoint().currentModelCopy(), n), t.state().validations().bestStep());
                }
            }
            double chars = outcome.state().totals().trainedChars();
            double secs = outcome.state().totals().trainSeconds();
            double charsPerSecond = chars / secs;
            long weights = Parameters.matmulWeights(t.modelConfig());
            double flopsPerChar = 6.0 * weights;
            double mfu = charsPerSecond * flopsPerChar / (peak * 1e9);
            System.out.printf(Locale.ROOT, "train %s-%dx%d-b%d-t%d chars/s=%.0f mfu=%.3f kernel=%s steps=%d seconds=%.1f loss=%.4f threads=%d precision=%s%s%n",
                    cell.toString(), layers, hidden, batch, seq, charsPerSecond, mfu, kernelName, steps[0], secs, lastLoss[0],
                    config.run().effectiveThreads(), precision, valPart);
        }
    }

    /** Bits per character of the last 10 % of the text (or its first n characters), one stream, state carried. */
    static double validationBitsPerChar(Path corpus, dev.charlm.engine.nn.LanguageModel model, int n) throws java.io.IOException {
        String text = Files.readString(corpus);
        int[] cps = text.codePoints().toArray();
        int start = cps.length - (int) Math.round(cps.length * 0.1);
        int end = n > 0 ? Math.min(cps.length, start + n) : cps.length;
        String tail = new String(cps, start, end - start);
        return new dev.charlm.engine.sample.Scorer(model).score(tail).bitsPerChar();
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
