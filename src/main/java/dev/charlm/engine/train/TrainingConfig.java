package dev.charlm.engine.train;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.text.TextOptions;
import java.util.List;

/**
 * Everything that decides a training run, as a tree of small records. The same config, seed and
 * corpus give bit-identical losses and weights (for the same thread count and kernel).
 *
 * <p>The engine trusts it: the service validates the options (training/TrainingRequest) before it
 * builds one. {@link #defaults()} is the one source of default values, the service's included.
 *
 * @param model        the network
 * @param text         how the corpus becomes tokens; its line mode follows lines batching
 * @param batching     how the training text is cut into windows
 * @param optimization optimizer, learning-rate schedule, clipping and loss reduction
 * @param limits       when the run stops
 * @param validation   the held-out tail and how often to measure it
 * @param sampling     periodic samples while training
 * @param run          seed, threads, kernel and reporting
 */
public record TrainingConfig(ModelOptions model, TextOptions text, Batching batching, Optimization optimization,
                             Limits limits, Validation validation, PeriodicSampling sampling, Run run) {

    public TrainingConfig {
        // one token stream per line is what lines batching trains on
        boolean lineMode = batching.mode() == BatchingMode.LINES;
        if (text.lineMode() != lineMode) {
            text = new TextOptions(text.preprocessing(), lineMode, text.joinLines(), text.maxChars(), text.maxVocab(),
                    text.minFrequency());
        }
    }

    /** A GRU 1x256 with Adam that learns jaychou in a few minutes; README's option table lists these values. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(
                new ModelOptions(CellType.GRU, 1, 256, 0, 0, InitScheme.XAVIER, Precision.FLOAT32),
                TextOptions.DEFAULT,
                new Batching(BatchingMode.SEQUENTIAL, 64, 32, false),
                new Optimization(OptimizerConfig.of(OptimizerType.ADAM, 2e-3), LrDecay.NONE, new Clip(ClipMode.NORM, 5),
                        LossReduction.MEAN),
                new Limits(30, 0, 0),
                // the first 50,000 characters of the tail: the same ones at every validation, so successive losses
                // differ by the model only; measured at 5 % of the training time with evalEvery 200 (B 32, T 64: 409,600
                // characters trained between two validations), and less every epoch, whatever the corpus's size
                new Validation(0.1, 0, 50_000),
                new PeriodicSampling(250, List.of(), 100, 0.8),
                new Run(42, 0, "auto", 10));
    }

    public TrainingConfig withModel(ModelOptions m) {
        return new TrainingConfig(m, text, batching, optimization, limits, validation, sampling, run);
    }

    public TrainingConfig withText(TextOptions t) {
        return new TrainingConfig(model, t, batching, optimization, limits, validation, sampling, run);
    }

    public TrainingConfig withBatching(Batching b) {
        return new TrainingConfig(model, text, b, optimization, limits, validation, sampling, run);
    }

    public TrainingConfig withOptimization(Optimization o) {
        return new TrainingConfig(model, text, batching, o, limits, validation, sampling, run);
    }

    public TrainingConfig withLimits(Limits l) {
        return new TrainingConfig(model, text, batching, optimization, l, validation, sampling, run);
    }

    public TrainingConfig withValidation(Validation v) {
        return new TrainingConfig(model, text, batching, optimization, limits, v, sampling, run);
    }

    public TrainingConfig withSampling(PeriodicSampling s) {
        return new TrainingConfig(model, text, batching, optimization, limits, validation, s, run);
    }

    public TrainingConfig withRun(Run r) {
        return new TrainingConfig(model, text, batching, optimization, limits, validation, sampling, r);
    }
}
