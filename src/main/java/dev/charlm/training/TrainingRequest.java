package dev.charlm.training;

import static dev.charlm.engine.nn.ModelConfig.MAX_EMBEDDING_SIZE;
import static dev.charlm.engine.nn.ModelConfig.MAX_HIDDEN_SIZE;
import static dev.charlm.engine.nn.ModelConfig.MAX_LAYERS;
import static dev.charlm.engine.nn.ModelConfig.MIN_EMBEDDING_SIZE;
import static dev.charlm.engine.nn.ModelConfig.MIN_HIDDEN_SIZE;
import static dev.charlm.engine.nn.ModelConfig.MIN_LAYERS;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.ClipMode;
import dev.charlm.engine.train.LossReduction;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.training.OptionRules.Checked;
import dev.charlm.training.OptionRules.Consistent;
import dev.charlm.training.OptionRules.Problems;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertFalse;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Locale;

/**
 * A request to train a model: a corpus, an optional preset, and a patch of the engine's
 * {@link TrainingConfig} of the same shape, each field null when the request leaves it to the preset
 * or the defaults. On the wire the groups are unwrapped, so the JSON is flat as it always was (only
 * optimizer, lrDecay and clip are objects). Unknown fields are refused (a misspelt option should not
 * be ignored). The same shape, fully resolved, is what {@code GET /models/{id}} reports as the
 * model's config, and what the limits below are checked on.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Training options; every field except corpus is optional.")
public record TrainingRequest(
        @Schema(description = "corpus id, or the name of a built-in corpus", example = "jaychou", requiredMode = Schema.RequiredMode.REQUIRED) String corpus,
        @Schema(description = "start from a preset (GET /presets); explicit fields override it", example = "d2l-gru") String preset,
        @Schema(description = "display name", example = "gru on jay chou") @Size(max = 100, message = "at most 100 characters") String name,
        @JsonUnwrapped @Valid Options options) {

    public TrainingRequest {
        options = options == null ? Options.NONE : options;
    }

    /** A request with these options and no corpus, preset or name: how presets and defaults are written. */
    static TrainingRequest of(Options options) {
        return new TrainingRequest(null, null, null, options);
    }

    /** The same request with other options (resume: new limits). */
    TrainingRequest withOptions(Options o) {
        return new TrainingRequest(corpus, preset, name, o);
    }

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

        static final Options NONE = new Options(null, null, null, null, null, null, null, null);

        public Options {
            model = model == null ? new Model(null, null, null, null, null, null, null, null) : model;
            text = text == null ? new Text(null, null, null, null, null) : text;
            batching = batching == null ? new Batching(null, null, null, null) : batching;
            optimization = optimization == null ? new Optimization(null, null, null, null) : optimization;
            limits = limits == null ? new Limits(null, null, null) : limits;
            validation = validation == null ? new Validation(null, null, null) : validation;
            sampling = sampling == null ? new Sampling(null, null, null, null) : sampling;
            run = run == null ? new Run(null, null, null) : run;
        }

        /** Every option of a config, as strings and boxes. */
        static Options of(TrainingConfig c) {
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
                    new Limits(l.epochs(), l.maxSteps(), l.maxSeconds()),
                    new Validation(v.valFraction(), v.evalEvery(), v.evalChars()),
                    new Sampling(s.sampleEvery(), s.samplePrefixes(), s.sampleLength(), s.sampleTemperature()),
                    new Run(r.logEvery(), r.seed(), r.kernel()));
        }

        Options withLimits(Limits l) {
            return new Options(model, text, batching, optimization, l, validation, sampling, run);
        }

        Options withSampling(Sampling s) {
            return new Options(model, text, batching, optimization, limits, validation, s, run);
        }

        Options over(Options base) {
            return new Options(model.over(base.model), text.over(base.text), batching.over(base.batching),
                    optimization.over(base.optimization), limits.over(base.limits), validation.over(base.validation),
                    sampling.over(base.sampling), run.over(base.run));
        }

        /** The engine's config of a complete, valid patch. */
        TrainingConfig toConfig(int threads) {
            BatchingMode mode = OptionRules.parse(batching.batching, BatchingMode.class);
            return new TrainingConfig(
                    new dev.charlm.engine.train.ModelOptions(OptionRules.parse(model.cell, CellType.class), model.layers,
                            model.hiddenSize, model.embeddingSize, model.dropout, OptionRules.parse(model.init, InitScheme.class),
                            OptionRules.parse(model.precision, Precision.class)),
                    new TextOptions(OptionRules.parse(text.preprocessing, Preprocessing.class), mode == BatchingMode.LINES,
                            text.joinLines, text.maxChars, text.maxVocab, text.minFrequency),
                    new dev.charlm.engine.train.Batching(mode, batching.seqLength, batching.batchSize, batching.randomOffset),
                    optimization.toConfig(),
                    new dev.charlm.engine.train.Limits(limits.epochs, limits.maxSteps, limits.maxSeconds),
                    new dev.charlm.engine.train.Validation(validation.valFraction, validation.evalEvery, validation.evalChars),
                    new dev.charlm.engine.train.PeriodicSampling(sampling.sampleEvery, sampling.samplePrefixes,
                            sampling.sampleLength, sampling.sampleTemperature),
                    new dev.charlm.engine.train.Run(run.seed, threads, run.kernel, run.logEvery));
        }

        @Override
        public void check(Problems p) {
            p.require(!(Boolean.TRUE.equals(text.joinLines) && "lines".equalsIgnoreCase(batching.batching)), "joinLines",
                    "lines batching trains on the line breaks that joinLines removes");
        }
    }

    /** The network: engine/train/ModelOptions. */
    @Consistent
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(
            @Schema(description = "rnn, gru or lstm", example = "gru") String cell,
            @Schema(description = "stacked layers", example = "1")
            @Min(value = MIN_LAYERS, message = LAYERS_RANGE) @Max(value = MAX_LAYERS, message = LAYERS_RANGE) Integer layers,
            @Schema(description = "hidden units per layer", example = "256")
            @Min(value = MIN_HIDDEN_SIZE, message = HIDDEN_RANGE) @Max(value = MAX_HIDDEN_SIZE, message = HIDDEN_RANGE) Integer hiddenSize,
            @Schema(description = "learned embedding width before layer 0; 0 = none (the input is the token's row of W_x)", example = "0")
            @Min(value = MIN_EMBEDDING_SIZE, message = EMBEDDING_RANGE) @Max(value = MAX_EMBEDDING_SIZE, message = EMBEDDING_RANGE)
            Integer embeddingSize,
            @Schema(description = "dropout between layers, training only; needs layers >= 2", example = "0")
            @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double dropout,
            @Schema(description = "refused: a model that reads the future cannot generate", example = "false")
            @AssertFalse(message = RequestResolver.BIDIRECTIONAL_REFUSED) Boolean bidirectional,
            @Schema(description = "normal (N(0, 0.01)), uniform (±0.08, LSTM forget bias 1), xavier, or torch (PyTorch's defaults: U(±1/√H), embedding N(0, 1))", example = "normal") String init,
            @Schema(description = "float32 or float64", example = "float32") String precision) implements Checked {

        // the bounds are the engine's (ModelConfig), the messages say them
        static final String LAYERS_RANGE = "must be between " + MIN_LAYERS + " and " + MAX_LAYERS;
        static final String HIDDEN_RANGE = "must be between " + MIN_HIDDEN_SIZE + " and " + MAX_HIDDEN_SIZE;
        static final String EMBEDDING_RANGE = "must be between " + MIN_EMBEDDING_SIZE + " and " + MAX_EMBEDDING_SIZE;

        Model over(Model b) {
            return new Model(pick(cell, b.cell), pick(layers, b.layers), pick(hiddenSize, b.hiddenSize),
                    pick(embeddingSize, b.embeddingSize), pick(dropout, b.dropout), pick(bidirectional, b.bidirectional),
                    pick(init, b.init), pick(precision, b.precision));
        }

        @Override
        public void check(Problems p) {
            p.choice("cell", cell, CellType.class);
            p.choice("init", init, InitScheme.class);
            p.choice("precision", precision, Precision.class);
            p.require(dropout == null || layers == null || dropout <= 0 || layers >= 2, "dropout",
                    "dropout acts between layers, so it needs layers >= 2");
        }
    }

    /** How the corpus becomes tokens: engine/text/TextOptions (its line mode follows lines batching). */
    @Consistent
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Text(
            @Schema(description = "none, lowercase or letters (lower-case; every run of non-letters becomes one space)", example = "none") String preprocessing,
            @Schema(description = "line breaks become spaces (d2l's Jay Chou loader)", example = "false") Boolean joinLines,
            @Schema(description = "train on the first N characters only (0 = all)", example = "0")
            @Min(value = 0, message = "must be between 0 and 2147483647") Integer maxChars,
            @Schema(description = "vocabulary limit including <unk> (0 = none)", example = "0")
            @Min(value = 0, message = "must be between 0 and 1000000") @Max(value = 1_000_000, message = "must be between 0 and 1000000") Integer maxVocab,
            @Schema(description = "characters seen fewer times become <unk>", example = "1")
            @Min(value = 1, message = "must be between 1 and 2147483647") Integer minFrequency) implements Checked {

        Text over(Text b) {
            return new Text(pick(preprocessing, b.preprocessing), pick(joinLines, b.joinLines), pick(maxChars, b.maxChars),
                    pick(maxVocab, b.maxVocab), pick(minFrequency, b.minFrequency));
        }

        @Override
        public void check(Problems p) {
            p.choice("preprocessing", preprocessing, Preprocessing.class);
            p.require(maxVocab == null || maxVocab != 1, "maxVocab", "must be 0 (no limit) or at least 2");
        }
    }

    /** Windows: engine/train/Batching. */
    @Consistent
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Batching(
            @Schema(description = "sequential (state carried), random (random windows) or lines (one line per sequence)", example = "sequential") String batching,
            @Schema(description = "T: steps of truncated backpropagation through time", example = "64")
            @Min(value = 1, message = "must be between 1 and 10000") @Max(value = 10_000, message = "must be between 1 and 10000") Integer seqLength,
            @Schema(description = "B: sequences per step", example = "32")
            @Min(value = 1, message = "must be between 1 and 4096") @Max(value = 4096, message = "must be between 1 and 4096") Integer batchSize,
            @Schema(description = "sequential batching: random start offset in [0, T) each epoch", example = "false") Boolean randomOffset) implements Checked {

        Batching over(Batching b) {
            return new Batching(pick(batching, b.batching), pick(seqLength, b.seqLength), pick(batchSize, b.batchSize),
                    pick(randomOffset, b.randomOffset));
        }

        @Override
        public void check(Problems p) {
            p.choice("batching", batching, BatchingMode.class);
            p.require(!Boolean.TRUE.equals(randomOffset) || batching == null || "sequential".equalsIgnoreCase(batching),
                    "randomOffset", "applies to sequential batching only");
        }
    }

    /** Optimizer, schedule, clipping and loss: engine/train/Optimization. */
    @Consistent
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Optimization(@Valid Optimizer optimizer, @Valid LrDecay lrDecay, @Valid Clip clip,
                               @Schema(description = "mean (per character) or sum (over time steps, as min-char-rnn)", example = "mean") String lossReduction)
            implements Checked {

        Optimization over(Optimization b) {
            Optimizer base = b.optimizer;
            // a request that switches optimizer takes that optimizer's usual settings, not the preset's
            if (optimizer != null && optimizer.type != null && base != null && !optimizer.type.equalsIgnoreCase(base.type)) {
                OptimizerType type = OptionRules.parse(optimizer.type, OptimizerType.class);
                base = type == null ? base : Optimizer.of(OptimizerConfig.usual(type));
            }
            return new Optimization(optimizer == null ? base : optimizer.over(base), lrDecay == null ? b.lrDecay : lrDecay.over(b.lrDecay),
                    clip == null ? b.clip : clip.over(b.clip), pick(lossReduction, b.lossReduction));
        }

        dev.charlm.engine.train.Optimization toConfig() {
            Optimizer o = optimizer;
            return new dev.charlm.engine.train.Optimization(
                    new OptimizerConfig(OptionRules.parse(o.type, OptimizerType.class), o.learningRate, o.momentum, o.beta1, o.beta2,
                            o.alpha, o.epsilon, o.weightDecay),
                    new dev.charlm.engine.train.LrDecay(lrDecay.factor, lrDecay.afterEpoch),
                    new dev.charlm.engine.train.Clip(OptionRules.parse(clip.mode, ClipMode.class), clip.threshold),
                    OptionRules.parse(lossReduction, LossReduction.class));
        }

        @Override
        public void check(Problems p) {
            p.choice("lossReduction", lossReduction, LossReduction.class);
        }
    }

    /**
     * @param type         sgd, adagrad, rmsprop or adam
     * @param learningRate step size
     * @param momentum     sgd heavy-ball momentum
     * @param beta1        adam first-moment decay
     * @param beta2        adam second-moment decay
     * @param alpha        rmsprop decay of the squared-gradient average
     * @param epsilon      numerical safety term
     * @param weightDecay  L2 penalty
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Consistent
    public record Optimizer(
            @Schema(example = "adam") String type,
            @Schema(example = "0.002")
            @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and at most 1000000.0")
            @DecimalMax(value = "1e6", message = "must be > 0 and at most 1000000.0") Double learningRate,
            @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double momentum,
            @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double beta1,
            @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double beta2,
            @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double alpha,
            @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and at most 1.0")
            @DecimalMax(value = "1", message = "must be > 0 and at most 1.0") Double epsilon,
            @DecimalMin(value = "0", message = "must be between 0.0 and 1.0") @DecimalMax(value = "1", message = "must be between 0.0 and 1.0") Double weightDecay)
            implements Checked {

        static Optimizer of(OptimizerConfig o) {
            return new Optimizer(o.type().toString(), o.learningRate(), o.momentum(), o.beta1(), o.beta2(), o.alpha(), o.epsilon(),
                    o.weightDecay());
        }

        Optimizer over(Optimizer b) {
            if (b == null) {
                return this;
            }
            return new Optimizer(type != null ? type.toLowerCase(Locale.ROOT) : b.type, pick(learningRate, b.learningRate),
                    pick(momentum, b.momentum), pick(beta1, b.beta1), pick(beta2, b.beta2), pick(alpha, b.alpha),
                    pick(epsilon, b.epsilon), pick(weightDecay, b.weightDecay));
        }

        @Override
        public void check(Problems p) {
            p.choice("type", type, OptimizerType.class);
            p.require(momentum == null || momentum <= 0 || type == null || "sgd".equalsIgnoreCase(type), "momentum", "applies to sgd only");
        }
    }

    /**
     * @param factor     multiply the learning rate by this after each epoch (1 = none)
     * @param afterEpoch from this epoch on (char-rnn: 10)
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LrDecay(
            @Schema(example = "0.97")
            @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1]") @DecimalMax(value = "1", message = "must be in (0, 1]") Double factor,
            @Schema(example = "10")
            @Min(value = 0, message = "must be between 0 and 1000000") @Max(value = 1_000_000, message = "must be between 0 and 1000000") Integer afterEpoch) {

        LrDecay over(LrDecay b) {
            return b == null ? this : new LrDecay(pick(factor, b.factor), pick(afterEpoch, b.afterEpoch));
        }
    }

    /**
     * @param mode      none, value (element-wise ±threshold) or norm (global L2 norm)
     * @param threshold the bound
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Consistent
    public record Clip(@Schema(example = "norm") String mode, @Schema(example = "5") Double threshold) implements Checked {

        Clip over(Clip b) {
            return b == null ? this : new Clip(pick(mode, b.mode), pick(threshold, b.threshold));
        }

        @Override
        public void check(Problems p) {
            p.choice("mode", mode, ClipMode.class);
            p.require(mode == null || "none".equalsIgnoreCase(mode) || threshold == null || (threshold > 0 && threshold <= 1e9),
                    "threshold", "must be > 0 and at most 1.0E9");
        }
    }

    /** When to stop: engine/train/Limits. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limits(
            @Schema(description = "stop after this many epochs", example = "30")
            @Min(value = 1, message = "must be between 1 and 1000000") @Max(value = 1_000_000, message = "must be between 1 and 1000000") Integer epochs,
            @Schema(description = "stop after this many steps (0 = no limit)", example = "0")
            @Min(value = 0, message = "must be >= 0 (0 = no limit)") Long maxSteps,
            @Schema(description = "stop after this much training time in seconds (0 = no limit)", example = "0")
            @DecimalMin(value = "0", message = "must be between 0.0 and 3.1536E7") @DecimalMax(value = "31536000", message = "must be between 0.0 and 3.1536E7") Double maxSeconds) {

        Limits over(Limits b) {
            return new Limits(pick(epochs, b.epochs), pick(maxSteps, b.maxSteps), pick(maxSeconds, b.maxSeconds));
        }
    }

    /** The held-out tail: engine/train/Validation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validation(
            @Schema(description = "contiguous tail held out for validation", example = "0.1")
            @DecimalMin(value = "0", message = "must be between 0.0 and 0.5") @DecimalMax(value = "0.5", message = "must be between 0.0 and 0.5") Double valFraction,
            @Schema(description = "validate and checkpoint every N steps (0 = every epoch)", example = "0")
            @Min(value = 0, message = "must be between 0 and 2147483647") Integer evalEvery,
            @Schema(description = "validate on the first N characters of the held-out tail only, the same ones every time (0 = all of it)", example = "0")
            @Min(value = 0, message = "must be >= 0 (0 = the whole held-out tail)") Integer evalChars) {

        Validation over(Validation b) {
            return new Validation(pick(valFraction, b.valFraction), pick(evalEvery, b.evalEvery), pick(evalChars, b.evalChars));
        }
    }

    /** Periodic samples: engine/train/PeriodicSampling. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sampling(
            @Schema(description = "sample from samplePrefixes every N steps (0 = never)", example = "250")
            @Min(value = 0, message = "must be between 0 and 2147483647") Integer sampleEvery,
            @Schema(description = "prefixes of the periodic samples", example = "[\"分开\", \"不分开\"]")
            @Size(max = 10, message = "at most 10 prefixes")
            List<@NotNull(message = "must be a string of at most 200 characters") @Size(max = 200, message = "must be a string of at most 200 characters") String> samplePrefixes,
            @Schema(description = "characters per periodic sample", example = "50")
            @Min(value = 1, message = "must be at least 1") Integer sampleLength,
            @Schema(description = "temperature of periodic samples (0 = greedy)", example = "0")
            @DecimalMin(value = "0", message = "must be between 0.0 and 100.0") @DecimalMax(value = "100", message = "must be between 0.0 and 100.0") Double sampleTemperature) {

        Sampling over(Sampling b) {
            return new Sampling(pick(sampleEvery, b.sampleEvery), pick(samplePrefixes, b.samplePrefixes),
                    pick(sampleLength, b.sampleLength), pick(sampleTemperature, b.sampleTemperature));
        }
    }

    /** Seed, kernel and reporting: engine/train/Run (its thread count is the server's, charlm.jobs.threads). */
    @Consistent
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(
            @Schema(description = "record a history point every N steps", example = "10")
            @Min(value = 1, message = "must be between 1 and 1000000") @Max(value = 1_000_000, message = "must be between 1 and 1000000") Integer logEvery,
            @Schema(description = "seeds initialisation, data order and dropout", example = "42") Long seed,
            @Schema(description = "matrix kernel: auto, vector or ojalgo", example = "auto") String kernel) implements Checked {

        Run over(Run b) {
            return new Run(pick(logEvery, b.logEvery), pick(seed, b.seed), pick(kernel, b.kernel));
        }

        @Override
        public void check(Problems p) {
            p.require(kernel == null || List.of("auto", "vector", "ojalgo").contains(kernel), "kernel", "must be one of auto, vector, ojalgo");
        }
    }

    static <T> T pick(T patch, T base) {
        return patch != null ? patch : base;
    }
}
