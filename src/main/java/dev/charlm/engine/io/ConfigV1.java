package dev.charlm.engine.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.train.Batching;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.Clip;
import dev.charlm.engine.train.ClipMode;
import dev.charlm.engine.train.Limits;
import dev.charlm.engine.train.LossReduction;
import dev.charlm.engine.train.LrDecay;
import dev.charlm.engine.train.ModelOptions;
import dev.charlm.engine.train.Optimization;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.PeriodicSampling;
import dev.charlm.engine.train.Run;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.Validation;
import java.util.List;

/**
 * The training config as a version-1 header stores it: one flat JSON object, member for member what
 * the first release wrote (then the flat TrainingConfig record itself), so those files load unchanged
 * and a default config writes the same bytes. Its groups are unwrapped, in the order of that object.
 * Later additions are written only when they differ from the value an older file implies
 * ({@code evalChars} 0, all of the tail; {@code maxTrainSeconds} 0, none). {@code logEvery} is the service's and is not stored.
 */
record ConfigV1(@JsonUnwrapped ModelV1 model, @JsonUnwrapped TextV1 text, @JsonUnwrapped BatchingV1 batching,
                @JsonUnwrapped OptimizationV1 optimization, @JsonUnwrapped LimitsV1 limits,
                @JsonUnwrapped ValidationV1 validation, @JsonUnwrapped SamplingV1 sampling, @JsonUnwrapped RunV1 run) {

    record ModelV1(CellType cell, int layers, int hiddenSize, int embeddingSize, double dropout, InitScheme init) {
    }

    record TextV1(Preprocessing preprocessing, boolean joinLines, int maxChars, int maxVocab, int minFrequency) {
    }

    record BatchingV1(BatchingMode batching, int seqLength, int batchSize, boolean randomOffset) {
    }

    record OptimizationV1(OptimizerConfig optimizer, double lrDecay, int lrDecayAfter, ClipMode clip, double clipThreshold,
                          LossReduction lossReduction) {
    }

    /** @param maxTrainSeconds absent in files of the first release and when 0 (no training-time limit) */
    record LimitsV1(int epochs, long maxSteps, double maxSeconds,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double maxTrainSeconds) {
    }

    /** @param evalChars absent in files of the first release and when 0 (all of the tail) */
    record ValidationV1(double valFraction, int evalEvery, @JsonInclude(JsonInclude.Include.NON_NULL) Integer evalChars) {
    }

    record SamplingV1(int sampleEvery, List<String> samplePrefixes, int sampleLength, double sampleTemperature) {
    }

    record RunV1(Precision precision, long seed, int threads, String kernel) {
    }

    static ConfigV1 of(TrainingConfig c) {
        ModelOptions m = c.model();
        TextOptions t = c.text();
        Optimization o = c.optimization();
        return new ConfigV1(
                new ModelV1(m.cell(), m.layers(), m.hiddenSize(), m.embeddingSize(), m.dropout(), m.init()),
                new TextV1(t.preprocessing(), t.joinLines(), t.maxChars(), t.maxVocab(), t.minFrequency()),
                new BatchingV1(c.batching().mode(), c.batching().seqLength(), c.batching().batchSize(), c.batching().randomOffset()),
                new OptimizationV1(o.optimizer(), o.lrDecay().factor(), o.lrDecay().afterEpoch(), o.clip().mode(),
                        o.clip().threshold(), o.lossReduction()),
                new LimitsV1(c.limits().epochs(), c.limits().maxSteps(), c.limits().maxSeconds(),
                        c.limits().maxTrainSeconds() == 0 ? null : c.limits().maxTrainSeconds()),
                new ValidationV1(c.validation().valFraction(), c.validation().evalEvery(),
                        c.validation().evalChars() == 0 ? null : c.validation().evalChars()),
                new SamplingV1(c.sampling().sampleEvery(), c.sampling().samplePrefixes(), c.sampling().sampleLength(),
                        c.sampling().sampleTemperature()),
                new RunV1(m.precision(), c.run().seed(), c.run().threads(), c.run().kernel()));
    }

    /** The config; null when a group is missing, which the reader reports as a header that lacks a field. */
    TrainingConfig toConfig() {
        if (model == null || text == null || batching == null || optimization == null || limits == null || validation == null
                || sampling == null || run == null || model.cell() == null || batching.batching() == null
                || optimization.optimizer() == null || optimization.clip() == null) {
            return null;
        }
        OptimizationV1 o = optimization;
        return new TrainingConfig(
                new ModelOptions(model.cell(), model.layers(), model.hiddenSize(), model.embeddingSize(), model.dropout(),
                        model.init(), run.precision()),
                new TextOptions(text.preprocessing(), batching.batching() == BatchingMode.LINES, text.joinLines(),
                        text.maxChars(), text.maxVocab(), text.minFrequency()),
                new Batching(batching.batching(), batching.seqLength(), batching.batchSize(), batching.randomOffset()),
                new Optimization(o.optimizer(), new LrDecay(o.lrDecay(), o.lrDecayAfter()), new Clip(o.clip(), o.clipThreshold()),
                        o.lossReduction()),
                new Limits(limits.epochs(), limits.maxSteps(), limits.maxSeconds(),
                        limits.maxTrainSeconds() == null ? 0 : limits.maxTrainSeconds()),
                new Validation(validation.valFraction(), validation.evalEvery(),
                        validation.evalChars() == null ? 0 : validation.evalChars()),
                new PeriodicSampling(sampling.sampleEvery(), sampling.samplePrefixes(), sampling.sampleLength(),
                        sampling.sampleTemperature()),
                new Run(run.seed(), run.threads(), run.kernel(), TrainingConfig.defaults().run().logEvery()));
    }
}
