package dev.charlm.training;

import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.training.request.Batching;
import dev.charlm.training.request.Clip;
import dev.charlm.training.request.Limits;
import dev.charlm.training.request.LrDecay;
import dev.charlm.training.request.Model;
import dev.charlm.training.request.Optimization;
import dev.charlm.training.request.Optimizer;
import dev.charlm.training.request.Options;
import dev.charlm.training.request.Run;
import dev.charlm.training.request.Sampling;
import dev.charlm.training.request.Text;
import dev.charlm.training.request.Validation;
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

    /**
     * Applies when neither request nor preset sets a field: the engine's {@link TrainingConfig#defaults()},
     * the one source of default values (README's option table lists them).
     */
    static final TrainingRequest DEFAULTS = TrainingRequest.of(Options.of(TrainingConfig.defaults()));

    /**
     * Between the saved spec of a job of release 0.1 and {@link #DEFAULTS}: how that release trained without the
     * options added since. It validated on all of the tail (evalChars 0), not on today's default subset.
     */
    static final Options FIRST_RELEASE = new Options(null, null, null, null, null, new Validation(null, null, 0), null, null);

    private static final Map<String, Preset> ALL = new LinkedHashMap<>();

    private static void add(String name, String description, String source, Options options) {
        ALL.put(name, new Preset(name, description, source, TrainingRequest.of(options)));
    }

    static {
        add("min-char-rnn", "Karpathy's minimal character RNN: vanilla RNN H=100, 25 steps, one stream, Adagrad 0.1, "
                        + "gradients clamped to ±5, loss summed over the 25 steps; samples 200 characters every 100 steps",
                "seed 000 (min-char-rnn.py)",
                new Options(model("rnn", 1, 100, null, "normal"), null, batching("sequential", 25, 1, null),
                        optimization(new Optimizer("adagrad", 0.1, null, null, null, null, 1e-8, null), null, new Clip("value", 5.0), "sum"),
                        new Limits(1, 0L, null, null), new Validation(0.0, 0, null), new Sampling(100, List.of(""), 200, 1.0),
                        new Run(100, null, null)));
        add("dinosaurs", "Dinosaur names: vanilla RNN H=50, one lower-cased name per sequence ending at the newline, SGD 0.01, "
                        + "gradients clamped to ±5, loss summed over the name, 22,000 names (the course notebook's run)",
                "seed 001 (dinosaur island)",
                new Options(model("rnn", 1, 50, null, "normal"), new Text("lowercase", null, null, null, null),
                        batching("lines", 64, 1, null),
                        optimization(new Optimizer("sgd", 0.01, 0.0, null, null, null, null, null), null, new Clip("value", 5.0), "sum"),
                        new Limits(100, 22000L, null, null), new Validation(0.0, 0, null), new Sampling(2000, List.of(""), 50, 1.0),
                        new Run(100, 0L, null)));
        add("d2l-gru", "d2l GRU from scratch on the first 10,000 characters of Jay Chou lyrics (line breaks as spaces): "
                        + "H=256, 35 steps, batch 32, consecutive batching, SGD lr 100, gradient norm clipped to 0.01, 160 epochs; "
                        + "greedy 50-character samples after 分开 and 不分开 every 40 epochs (320 steps)",
                "seed 002 (d2l GRU)",
                d2l("gru", 1, new Optimizer("sgd", 100.0, 0.0, null, null, null, null, null), new Clip("norm", 0.01), "normal"));
        add("d2l-lstm", "d2l LSTM from scratch, the same experiment as d2l-gru with an LSTM cell",
                "seed 002 (d2l LSTM)",
                d2l("lstm", 1, new Optimizer("sgd", 100.0, 0.0, null, null, null, null, null), new Clip("norm", 0.01), "normal"));
        add("d2l-deep-lstm", "d2l deep LSTM: 2 layers of 256, Adam 0.01, no clipping (the seed's clipping call is a no-op), "
                        + "160 epochs on the first 10,000 characters of Jay Chou lyrics",
                "seed 002 (d2l deep RNN)",
                d2l("lstm", 2, new Optimizer("adam", 0.01, null, 0.9, 0.999, null, 1e-8, null), new Clip("none", 0.0), "uniform"));
        add("d2l-rnn", "d2l RNN from scratch on The Time Machine, letters only (28 tokens in d2l; 27 here: no <unk> is needed): "
                        + "H=512, 35 steps, batch 32, sequential with a random offset per epoch, SGD lr 1, gradient norm clipped "
                        + "to 1, 500 epochs on the first 10,000 tokens; greedy 50 characters after 'traveller'",
                "seed 004 (d2l RNN from scratch)",
                new Options(model("rnn", 1, 512, null, "normal"), new Text("letters", null, 10000, null, null),
                        batching("sequential", 35, 32, true),
                        optimization(new Optimizer("sgd", 1.0, 0.0, null, null, null, null, null), null, new Clip("norm", 1.0), "mean"),
                        new Limits(500, null, null, null), new Validation(0.0, 0, null), new Sampling(400, List.of("traveller"), 50, 0.0),
                        new Run(8, null, null)));
        add("char-rnn", "Karpathy's char-rnn defaults: LSTM 2x128, RMSProp 2e-3 (alpha 0.95), learning rate × 0.97 after every "
                        + "epoch from epoch 10, 50 steps, batch 50, gradients clamped to ±5, uniform ±0.08 init, 5% validation "
                        + "every 1000 steps, 50 epochs",
                "char-rnn (train.lua defaults)",
                new Options(model("lstm", 2, 128, 0.0, "uniform"), null, batching("sequential", 50, 50, false),
                        optimization(new Optimizer("rmsprop", 2e-3, null, null, null, 0.95, 1e-8, null), new LrDecay(0.97, 10),
                                new Clip("value", 5.0), "mean"),
                        new Limits(50, null, null, null), new Validation(0.05, 1000, null), new Sampling(1000, List.of(""), 200, 1.0),
                        new Run(10, null, null)));
    }

    /** The d2l experiments on the first 10,000 characters of Jay Chou lyrics, line breaks as spaces. */
    private static Options d2l(String cell, int layers, Optimizer optimizer, Clip clip, String init) {
        return new Options(model(cell, layers, 256, null, init), new Text("none", true, 10000, null, null),
                batching("sequential", 35, 32, false), optimization(optimizer, null, clip, "mean"),
                new Limits(160, null, null, null), new Validation(0.0, 0, null), new Sampling(320, List.of("分开", "不分开"), 50, 0.0),
                new Run(8, null, null));
    }

    private static Model model(String cell, int layers, int hidden, Double dropout, String init) {
        return new Model(cell, layers, hidden, null, dropout, null, init, null);
    }

    private static Batching batching(String mode, int seqLength, int batchSize, Boolean randomOffset) {
        return new Batching(mode, seqLength, batchSize, randomOffset);
    }

    private static Optimization optimization(Optimizer optimizer, LrDecay lrDecay, Clip clip, String lossReduction) {
        return new Optimization(optimizer, lrDecay, clip, lossReduction);
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
