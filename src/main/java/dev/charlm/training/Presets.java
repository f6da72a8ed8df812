package dev.charlm.training;

import dev.charlm.training.TrainingRequest.Clip;
import dev.charlm.training.TrainingRequest.LrDecay;
import dev.charlm.training.TrainingRequest.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named starting points: the experiments of the seed documents and char-rnn's defaults, and the
 * defaults every request starts from. A request's explicit fields override the preset's.
 */
final class Presets {

    /** One preset: its options (only the fields it sets) and where they come from. */
    record Preset(String name, String description, String source, TrainingRequest options) {
    }

    /** Applies when neither request nor preset sets a field: a GRU that learns jaychou in a few minutes. */
    static final TrainingRequest DEFAULTS = new TrainingRequest(null, null, null,
            "gru", 1, 256, 0, 0.0, false, "xavier",
            "none", false, 0, 0, 1,
            "sequential", 64, 32, false,
            new Optimizer("adam", 2e-3, 0.0, 0.9, 0.999, 0.99, 1e-8, 0.0), new LrDecay(1.0, 0), new Clip("norm", 5.0), "mean",
            30, 0L, 0.0,
            0.1, 0, 250, List.of(), 100, 0.8,
            10, "float32", 42L, "auto");

    private static final Map<String, Preset> ALL = new LinkedHashMap<>();

    private static void add(String name, String description, String source, TrainingRequest options) {
        ALL.put(name, new Preset(name, description, source, options));
    }

    static {
        add("min-char-rnn", "Karpathy's minimal character RNN: vanilla RNN H=100, 25 steps, one stream, Adagrad 0.1, "
                        + "gradients clamped to ±5, loss summed over the 25 steps; samples 200 characters every 100 steps",
                "seed 000 (min-char-rnn.py)",
                options("rnn", 1, 100, "normal", "sequential", 25, 1,
                        new Optimizer("adagrad", 0.1, null, null, null, null, 1e-8, null), new Clip("value", 5.0), "sum",
                        1, 0L, 0.0, 100, List.of(""), 200, 1.0, 100, null, null, null, null));
        add("dinosaurs", "Dinosaur names: vanilla RNN H=50, one lower-cased name per sequence ending at the newline, SGD 0.01, "
                        + "gradients clamped to ±5, loss summed over the name, 22,000 names (the course notebook's run)",
                "seed 001 (dinosaur island)",
                options("rnn", 1, 50, "normal", "lines", 64, 1,
                        new Optimizer("sgd", 0.01, 0.0, null, null, null, null, null), new Clip("value", 5.0), "sum",
                        100, 22000L, 0.0, 2000, List.of(""), 50, 1.0, 100, "lowercase", null, null, 0L));
        add("d2l-gru", "d2l GRU from scratch on the first 10,000 characters of Jay Chou lyrics (line breaks as spaces): "
                        + "H=256, 35 steps, batch 32, consecutive batching, SGD lr 100, gradient norm clipped to 0.01, 160 epochs; "
                        + "greedy 50-character samples after 分开 and 不分开 every 40 epochs (320 steps)",
                "seed 002 (d2l GRU)",
                d2l("gru", 1, new Optimizer("sgd", 100.0, 0.0, null, null, null, null, null), new Clip("norm", 0.01), "normal", 160, 320));
        add("d2l-lstm", "d2l LSTM from scratch, the same experiment as d2l-gru with an LSTM cell",
                "seed 002 (d2l LSTM)",
                d2l("lstm", 1, new Optimizer("sgd", 100.0, 0.0, null, null, null, null, null), new Clip("norm", 0.01), "normal", 160, 320));
        add("d2l-deep-lstm", "d2l deep LSTM: 2 layers of 256, Adam 0.01, no clipping (the seed's clipping call is a no-op), "
                        + "160 epochs on the first 10,000 characters of Jay Chou lyrics",
                "seed 002 (d2l deep RNN)",
                d2l("lstm", 2, new Optimizer("adam", 0.01, null, 0.9, 0.999, null, 1e-8, null), new Clip("none", 0.0), "uniform", 160, 320));
        add("d2l-rnn", "d2l RNN from scratch on The Time Machine, letters only (28 tokens in d2l; 27 here: no <unk> is needed): "
                        + "H=512, 35 steps, batch 32, sequential with a random offset per epoch, SGD lr 1, gradient norm clipped "
                        + "to 1, 500 epochs on the first 10,000 tokens; greedy 50 characters after 'traveller'",
                "seed 004 (d2l RNN from scratch)",
                new TrainingRequest(null, null, null, "rnn", 1, 512, null, null, null, "normal",
                        "letters", null, 10000, null, null,
                        "sequential", 35, 32, true,
                        new Optimizer("sgd", 1.0, 0.0, null, null, null, null, null), null, new Clip("norm", 1.0), "mean",
                        500, null, null, 0.0, 0, 400, List.of("traveller"), 50, 0.0, 8, null, null, null));
        add("char-rnn", "Karpathy's char-rnn defaults: LSTM 2x128, RMSProp 2e-3 (alpha 0.95), learning rate × 0.97 after every "
                        + "epoch from epoch 10, 50 steps, batch 50, gradients clamped to ±5, uniform ±0.08 init, 5% validation "
                        + "every 1000 steps, 50 epochs",
                "char-rnn (train.lua defaults)",
                new TrainingRequest(null, null, null, "lstm", 2, 128, null, 0.0, null, "uniform",
                        null, null, null, null, null,
                        "sequential", 50, 50, false,
                        new Optimizer("rmsprop", 2e-3, null, null, null, 0.95, 1e-8, null), new LrDecay(0.97, 10), new Clip("value", 5.0),
                        "mean", 50, null, null, 0.05, 1000, 1000, List.of(""), 200, 1.0, 10, null, null, null));
    }

    private static TrainingRequest options(String cell, int layers, int hidden, String init, String batching, int seq, int batch,
                                           Optimizer optimizer, Clip clip, String reduction, int epochs, Long maxSteps,
                                           Double valFraction, int sampleEvery, List<String> prefixes, int sampleLength,
                                           double temperature, int logEvery, String preprocessing, Boolean joinLines,
                                           Integer maxChars, Long seed) {
        return new TrainingRequest(null, null, null, cell, layers, hidden, null, null, null, init,
                preprocessing, joinLines, maxChars, null, null,
                batching, seq, batch, null,
                optimizer, null, clip, reduction,
                epochs, maxSteps, null, valFraction, 0, sampleEvery, prefixes, sampleLength, temperature, logEvery,
                null, seed, null);
    }

    private static TrainingRequest d2l(String cell, int layers, Optimizer optimizer, Clip clip, String init, int epochs, int sampleEvery) {
        return new TrainingRequest(null, null, null, cell, layers, 256, null, null, null, init,
                "none", true, 10000, null, null,
                "sequential", 35, 32, false,
                optimizer, null, clip, "mean",
                epochs, null, null, 0.0, 0, sampleEvery, List.of("分开", "不分开"), 50, 0.0, 8, null, null, null);
    }

    static Optional<Preset> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    static List<Preset> all() {
        return List.copyOf(ALL.values());
    }

    static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    private Presets() {
    }
}
