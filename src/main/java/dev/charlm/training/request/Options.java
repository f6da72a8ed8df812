package dev.charlm.training.request;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.training.request.OptionRules.Checked;
import dev.charlm.training.request.OptionRules.Consistent;
import dev.charlm.training.request.OptionRules.Problems;
import jakarta.validation.Valid;

/**
 * A patch of every option group. {@link #over} is the one merge: this patch's fields where set,
 * else the base's.
 */
@Consistent
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Options(@JsonUnwrapped @Valid Model model, @JsonUnwrapped @Valid Text text,
                      @JsonUnwrapped @Valid Batching batching, @JsonUnwrapped @Valid Optimization optimization,
                      @JsonUnwrapped @Valid Limits limits, @JsonUnwrapped @Valid Validation validation,
                      @JsonUnwrapped @Valid Sampling sampling, @JsonUnwrapped @Valid Run run) implements Checked {

    /** A patch that sets nothing. */
    public static final Options NONE = new Options(null, null, null, null, null, null, null, null);

    public Options {
        model = model == null ? new Model(null, null, null, null, null, null, null, null) : model;
        text = text == null ? new Text(null, null, null, null, null) : text;
        batching = batching == null ? new Batching(null, null, null, null) : batching;
        optimization = optimization == null ? new Optimization(null, null, null, null) : optimization;
        limits = limits == null ? new Limits(null, null, null, null) : limits;
        validation = validation == null ? new Validation(null, null, null) : validation;
        sampling = sampling == null ? new Sampling(null, null, null, null) : sampling;
        run = run == null ? new Run(null, null, null) : run;
    }

    /** Every option of a config, as strings and boxes. */
    public static Options of(TrainingConfig c) {
        var m = c.model();
        var t = c.text();
        var b = c.batching();
        var o = c.optimization();
        var l = c.limits();
        var v = c.validation();
        var s = c.sampling();
        var r = c.run();
        return new Options(
                new Model(m.cell().toString(), m.layers(), m.hiddenSize(), m.embeddingSize(), m.dropout(), false,
                        m.init().toString(), m.precision().toString()),
                new Text(t.preprocessing().toString(), t.joinLines(), t.maxChars(), t.maxVocab(), t.minFrequency()),
                new Batching(b.mode().toString(), b.seqLength(), b.batchSize(), b.randomOffset()),
                new Optimization(Optimizer.of(o.optimizer()), new LrDecay(o.lrDecay().factor(), o.lrDecay().afterEpoch()),
                        new Clip(o.clip().mode().toString(), o.clip().threshold()), o.lossReduction().toString()),
                new Limits(l.epochs(), l.maxSteps(), l.maxSeconds(), l.maxTrainSeconds()),
                new Validation(v.valFraction(), v.evalEvery(), v.evalChars()),
                new Sampling(s.sampleEvery(), s.samplePrefixes(), s.sampleLength(), s.sampleTemperature()),
                new Run(r.logEvery(), r.seed(), r.kernel()));
    }

    public Options withLimits(Limits l) {
        return new Options(model, text, batching, optimization, l, validation, sampling, run);
    }

    public Options withSampling(Sampling s) {
        return new Options(model, text, batching, optimization, limits, validation, s, run);
    }

    public Options over(Options base) {
        return new Options(model.over(base.model), text.over(base.text), batching.over(base.batching),
                optimization.over(base.optimization), limits.over(base.limits), validation.over(base.validation),
                sampling.over(base.sampling), run.over(base.run));
    }

    /** The engine's config of a complete, valid patch. */
    public TrainingConfig toConfig(int threads) {
        BatchingMode mode = OptionRules.parse(batching.batching(), BatchingMode.class);
        return new TrainingConfig(
                new dev.charlm.engine.train.ModelOptions(OptionRules.parse(model.cell(), CellType.class), model.layers(),
                        model.hiddenSize(), model.embeddingSize(), model.dropout(), OptionRules.parse(model.init(), InitScheme.class),
                        OptionRules.parse(model.precision(), Precision.class)),
                new TextOptions(OptionRules.parse(text.preprocessing(), Preprocessing.class), mode == BatchingMode.LINES,
                        text.joinLines(), text.maxChars(), text.maxVocab(), text.minFrequency()),
                new dev.charlm.engine.train.Batching(mode, batching.seqLength(), batching.batchSize(), batching.randomOffset()),
                optimization.toConfig(),
                new dev.charlm.engine.train.Limits(limits.epochs(), limits.maxSteps(), limits.maxSeconds(),
                        limits.maxTrainSeconds()),
                new dev.charlm.engine.train.Validation(validation.valFraction(), validation.evalEvery(), validation.evalChars()),
                new dev.charlm.engine.train.PeriodicSampling(sampling.sampleEvery(), sampling.samplePrefixes(),
                        sampling.sampleLength(), sampling.sampleTemperature()),
                new dev.charlm.engine.train.Run(run.seed(), threads, run.kernel(), run.logEvery()));
    }

    @Override
    public void check(Problems p) {
        p.require(!(Boolean.TRUE.equals(text.joinLines()) && "lines".equalsIgnoreCase(batching.batching())), "joinLines",
                "lines batching trains on the line breaks that joinLines removes");
    }

    /** A field of the merge: the patch's where set, else the base's. */
    static <T> T pick(T patch, T base) {
        return patch != null ? patch : base;
    }
}
