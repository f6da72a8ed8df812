package dev.charlm.training;

import dev.charlm.corpus.Corpus;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.ClipMode;
import dev.charlm.engine.train.LossReduction;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.training.TrainingRequest.Clip;
import dev.charlm.training.TrainingRequest.LrDecay;
import dev.charlm.training.TrainingRequest.Optimizer;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.InvalidFieldsException.FieldError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a {@link TrainingRequest} into a fully resolved one and the engine's {@link TrainingConfig}:
 * request fields over the preset's over the defaults, every field range-checked, and every problem
 * reported at once.
 */
final class RequestResolver {

    static final long MAX_PARAMETERS = 100_000_000L;
    static final String BIDIRECTIONAL_REFUSED = "a bidirectional model cannot generate text: it reads each character's future while training, "
            + "so it learns to copy the answer it is shown; generating text one character at a time it has no future to "
            + "read and its output collapses (seed 002's bidirectional GRU prints the same character over and over). "
            + "Train a unidirectional model: remove bidirectional or set it to false";

    /** A resolved request, its engine config and its corpus. */
    record Resolved(TrainingRequest spec, TrainingConfig config, Corpus corpus) {
    }

    private final Function<String, Optional<Corpus>> corpora;
    private final int threads;
    private final int maxSampleLength;

    RequestResolver(Function<String, Optional<Corpus>> corpora, int threads, int maxSampleLength) {
        this.corpora = corpora;
        this.threads = threads;
        this.maxSampleLength = maxSampleLength;
    }

    Resolved resolve(TrainingRequest r) {
        List<FieldError> errors = new ArrayList<>();
        TrainingRequest preset = Presets.DEFAULTS;
        if (r.preset() != null) {
            Optional<Presets.Preset> p = Presets.find(r.preset());
            if (p.isEmpty()) {
                errors.add(new FieldError("preset", "unknown preset '" + r.preset() + "'; one of " + Presets.names()));
            } else {
                preset = p.get().options();
            }
        }
        TrainingRequest d = Presets.DEFAULTS;
        Corpus corpus = null;
        if (r.corpus() == null || r.corpus().isBlank()) {
            errors.add(new FieldError("corpus", "required: a corpus id or a built-in name (GET /corpora)"));
        } else {
            corpus = corpora.apply(r.corpus()).orElse(null);
            if (corpus == null) {
                errors.add(new FieldError("corpus", "no corpus '" + r.corpus() + "' (GET /corpora lists them)"));
            }
        }
        if (Boolean.TRUE.equals(r.bidirectional())) {
            errors.add(new FieldError("bidirectional", BIDIRECTIONAL_REFUSED));
        }
        Optimizer opt = optimizer(r.optimizer(), preset.optimizer(), d.optimizer());
        LrDecay decay = new LrDecay(
                pick(r.lrDecay() == null ? null : r.lrDecay().factor(), preset.lrDecay() == null ? null : preset.lrDecay().factor(), d.lrDecay().factor()),
                pick(r.lrDecay() == null ? null : r.lrDecay().afterEpoch(), preset.lrDecay() == null ? null : preset.lrDecay().afterEpoch(), d.lrDecay().afterEpoch()));
        Clip clip = new Clip(
                pick(r.clip() == null ? null : r.clip().mode(), preset.clip() == null ? null : preset.clip().mode(), d.clip().mode()),
                pick(r.clip() == null ? null : r.clip().threshold(), preset.clip() == null ? null : preset.clip().threshold(), d.clip().threshold()));
        TrainingRequest s = new TrainingRequest(
                corpus == null ? r.corpus() : corpus.id(), r.preset(),
                r.name() != null ? r.name() : (r.preset() != null ? r.preset() : pick(r.cell(), preset.cell(), d.cell())) + " on "
                        + (corpus == null ? r.corpus() : corpus.name()),
                pick(r.cell(), preset.cell(), d.cell()), pick(r.layers(), preset.layers(), d.layers()),
                pick(r.hiddenSize(), preset.hiddenSize(), d.hiddenSize()), pick(r.embeddingSize(), preset.embeddingSize(), d.embeddingSize()),
                pick(r.dropout(), preset.dropout(), d.dropout()), false, pick(r.init(), preset.init(), d.init()),
                pick(r.preprocessing(), preset.preprocessing(), d.preprocessing()), pick(r.joinLines(), preset.joinLines(), d.joinLines()),
                pick(r.maxChars(), preset.maxChars(), d.maxChars()), pick(r.maxVocab(), preset.maxVocab(), d.maxVocab()),
                pick(r.minFrequency(), preset.minFrequency(), d.minFrequency()),
                pick(r.batching(), preset.batching(), d.batching()), pick(r.seqLength(), preset.seqLength(), d.seqLength()),
                pick(r.batchSize(), preset.batchSize(), d.batchSize()), pick(r.randomOffset(), preset.randomOffset(), d.randomOffset()),
                opt, decay, clip, pick(r.lossReduction(), preset.lossReduction(), d.lossReduction()),
                pick(r.epochs(), preset.epochs(), d.epochs()), pick(r.maxSteps(), preset.maxSteps(), d.maxSteps()),
                pick(r.maxSeconds(), preset.maxSeconds(), d.maxSeconds()),
                pick(r.valFraction(), preset.valFraction(), d.valFraction()), pick(r.evalEvery(), preset.evalEvery(), d.evalEvery()),
                pick(r.sampleEvery(), preset.sampleEvery(), d.sampleEvery()), pick(r.samplePrefixes(), preset.samplePrefixes(), d.samplePrefixes()),
                pick(r.sampleLength(), preset.sampleLength(), d.sampleLength()),
                pick(r.sampleTemperature(), preset.sampleTemperature(), d.sampleTemperature()),
                pick(r.logEvery(), preset.logEvery(), d.logEvery()), pick(r.precision(), preset.precision(), d.precision()),
                pick(r.seed(), preset.seed(), d.seed()), pick(r.kernel(), preset.kernel(), d.kernel()));

        Check c = new Check(errors);
        if (s.name() != null && s.name().length() > 100) {
            errors.add(new FieldError("name", "at most 100 characters"));
        }
        CellType cell = c.choice("cell", s.cell(), CellType.class);
        c.range("layers", s.layers(), 1, 16);
        c.range("hiddenSize", s.hiddenSize(), 1, 4096);
        c.range("embeddingSize", s.embeddingSize(), 0, 4096);
        c.fraction("dropout", s.dropout(), false);
        if (s.dropout() > 0 && s.layers() < 2) {
            errors.add(new FieldError("dropout", "dropout acts between layers, so it needs layers >= 2"));
        }
        InitScheme init = c.choice("init", s.init(), InitScheme.class);
        Preprocessing pre = c.choice("preprocessing", s.preprocessing(), Preprocessing.class);
        c.range("maxChars", s.maxChars(), 0, Integer.MAX_VALUE);
        c.range("maxVocab", s.maxVocab(), 0, 1_000_000);
        if (s.maxVocab() == 1) {
            errors.add(new FieldError("maxVocab", "must be 0 (no limit) or at least 2"));
        }
        c.range("minFrequency", s.minFrequency(), 1, Integer.MAX_VALUE);
        BatchingMode batching = c.choice("batching", s.batching(), BatchingMode.class);
        c.range("seqLength", s.seqLength(), 1, 10_000);
        c.range("batchSize", s.batchSize(), 1, 4096);
        if (s.randomOffset() && batching != null && batching != BatchingMode.SEQUENTIAL) {
            errors.add(new FieldError("randomOffset", "applies to sequential batching only"));
        }
        if (s.joinLines() && batching == BatchingMode.LINES) {
            errors.add(new FieldError("joinLines", "lines batching trains on the line breaks that joinLines removes"));
        }
        OptimizerType type = c.choice("optimizer.type", opt.type(), OptimizerType.class);
        c.positive("optimizer.learningRate", opt.learningRate(), 1e6);
        c.fraction("optimizer.momentum", opt.momentum(), false);
        c.fraction("optimizer.beta1", opt.beta1(), false);
        c.fraction("optimizer.beta2", opt.beta2(), false);
        c.fraction("optimizer.alpha", opt.alpha(), false);
        c.positive("optimizer.epsilon", opt.epsilon(), 1);
        c.between("optimizer.weightDecay", opt.weightDecay(), 0, 1);
        if (type != null && type != OptimizerType.SGD && opt.momentum() != null && opt.momentum() > 0) {
            errors.add(new FieldError("optimizer.momentum", "applies to sgd only"));
        }
        if (!(decay.factor() > 0 && decay.factor() <= 1)) {
            errors.add(new FieldError("lrDecay.factor", "must be in (0, 1]"));
        }
        c.range("lrDecay.afterEpoch", decay.afterEpoch(), 0, 1_000_000);
        ClipMode clipMode = c.choice("clip.mode", clip.mode(), ClipMode.class);
        if (clipMode != null && clipMode != ClipMode.NONE) {
            c.positive("clip.threshold", clip.threshold(), 1e9);
        }
        LossReduction reduction = c.choice("lossReduction", s.lossReduction(), LossReduction.class);
        c.range("epochs", s.epochs(), 1, 1_000_000);
        if (s.maxSteps() < 0) {
            errors.add(new FieldError("maxSteps", "must be >= 0 (0 = no limit)"));
        }
        c.between("maxSeconds", s.maxSeconds(), 0, 365 * 86400.0);
        c.between("valFraction", s.valFraction(), 0, 0.5);
        c.range("evalEvery", s.evalEvery(), 0, Integer.MAX_VALUE);
        c.range("sampleEvery", s.sampleEvery(), 0, Integer.MAX_VALUE);
        if (s.samplePrefixes().size() > 10) {
            errors.add(new FieldError("samplePrefixes", "at most 10 prefixes"));
        }
        for (int i = 0; i < s.samplePrefixes().size(); i++) {
            String p = s.samplePrefixes().get(i);
            if (p == null || p.length() > 200) {
                errors.add(new FieldError("samplePrefixes[" + i + "]", "must be a string of at most 200 characters"));
            }
        }
        c.range("sampleLength", s.sampleLength(), 1, maxSampleLength);
        c.between("sampleTemperature", s.sampleTemperature(), 0, 100);
        c.range("logEvery", s.logEvery(), 1, 1_000_000);
        Precision precision = c.choice("precision", s.precision(), Precision.class);
        if (!List.of("auto", "vector", "ojalgo").contains(s.kernel())) {
            errors.add(new FieldError("kernel", "must be one of auto, vector, ojalgo"));
        } else if (s.kernel().equals("vector") && !dev.charlm.engine.kernel.Kernels.vectorAvailable()) {
            errors.add(new FieldError("kernel", "the vector kernel needs the JVM option --add-modules jdk.incubator.vector"));
        }
        if (corpus != null && cell != null && errors.isEmpty()) {
            long vocab = corpus.distinctChars() + 1;
            long params = Parameters.count(new ModelConfig(cell, s.layers(), s.hiddenSize(), s.embeddingSize(), (int) Math.min(vocab, Integer.MAX_VALUE), s.dropout()));
            if (params > MAX_PARAMETERS) {
                errors.add(new FieldError("hiddenSize", "the model would have about " + params + " parameters; at most " + MAX_PARAMETERS));
            }
            sizeCheck(s, batching, pre, corpus, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        TrainingConfig.Builder b = TrainingConfig.defaults().toBuilder();
        b.cell = cell;
        b.layers = s.layers();
        b.hiddenSize = s.hiddenSize();
        b.embeddingSize = s.embeddingSize();
        b.dropout = s.dropout();
        b.init = init;
        b.preprocessing = pre;
        b.joinLines = s.joinLines();
        b.maxChars = s.maxChars();
        b.maxVocab = s.maxVocab();
        b.minFrequency = s.minFrequency();
        b.batching = batching;
        b.seqLength = s.seqLength();
        b.batchSize = s.batchSize();
        b.randomOffset = s.randomOffset();
        b.optimizer = new OptimizerConfig(type, opt.learningRate(), opt.momentum(), opt.beta1(), opt.beta2(), opt.alpha(), opt.epsilon(), opt.weightDecay());
        b.lrDecay = decay.factor();
        b.lrDecayAfter = decay.afterEpoch();
        b.clip = clipMode;
        b.clipThreshold = clip.threshold();
        b.lossReduction = reduction;
        b.epochs = s.epochs();
        b.maxSteps = s.maxSteps();
        b.maxSeconds = s.maxSeconds();
        b.valFraction = s.valFraction();
        b.evalEvery = s.evalEvery();
        b.sampleEvery = s.sampleEvery();
        b.samplePrefixes = s.samplePrefixes();
        b.sampleLength = s.sampleLength();
        b.sampleTemperature = s.sampleTemperature();
        b.precision = precision;
        b.seed = s.seed();
        b.threads = threads;
        b.kernel = s.kernel();
        try {
            return new Resolved(s, b.build(), corpus);
        } catch (IllegalArgumentException e) {
            throw InvalidFieldsException.of("request", e.getMessage());
        }
    }

    /**
     * The corpus must hold one window per sequence: refused here when the token count is known from
     * the corpus's metadata (preprocessing that keeps one token per character); otherwise the job
     * fails at start with the engine's message.
     */
    private static void sizeCheck(TrainingRequest s, BatchingMode batching, Preprocessing pre, Corpus corpus, List<FieldError> errors) {
        if (batching == BatchingMode.LINES || pre == Preprocessing.LETTERS) {
            return;
        }
        long n = s.maxChars() > 0 ? Math.min(corpus.chars(), s.maxChars()) : corpus.chars();
        long train = n - Math.round(n * s.valFraction());
        long need = batching == BatchingMode.RANDOM
                ? (long) s.batchSize() * s.seqLength() + s.seqLength()
                : (long) s.batchSize() * s.seqLength() + 1 + (s.randomOffset() ? s.seqLength() - 1 : 0);
        if (train < need) {
            errors.add(new FieldError("batchSize", "the training text has " + train + " characters, fewer than the " + need
                    + " that " + s.batchSize() + " sequences of " + s.seqLength() + " steps need: lower batchSize or seqLength"));
        }
    }

    private static Optimizer optimizer(Optimizer r, Optimizer preset, Optimizer d) {
        Optimizer base = preset == null ? d : preset;
        String type = r != null && r.type() != null ? r.type().toLowerCase(Locale.ROOT) : (base.type() != null ? base.type() : d.type());
        // a request that switches optimizer takes that optimizer's usual settings, not the preset's
        if (r != null && r.type() != null && !type.equals(base.type())) {
            base = new Optimizer(type, type.equals("sgd") || type.equals("adagrad") ? 0.1 : 2e-3, null, null, null,
                    type.equals("rmsprop") ? 0.95 : null, null, null);
        }
        return new Optimizer(type,
                pick(r == null ? null : r.learningRate(), base.learningRate(), d.learningRate()),
                pick(r == null ? null : r.momentum(), base.momentum(), d.momentum()),
                pick(r == null ? null : r.beta1(), base.beta1(), d.beta1()),
                pick(r == null ? null : r.beta2(), base.beta2(), d.beta2()),
                pick(r == null ? null : r.alpha(), base.alpha(), d.alpha()),
                pick(r == null ? null : r.epsilon(), base.epsilon(), d.epsilon()),
                pick(r == null ? null : r.weightDecay(), base.weightDecay(), d.weightDecay()));
    }

    static <T> T pick(T request, T preset, T fallback) {
        return request != null ? request : preset != null ? preset : fallback;
    }

    /** Collects field errors. */
    private record Check(List<FieldError> errors) {

        <E extends Enum<E>> E choice(String field, String value, Class<E> type) {
            for (E e : type.getEnumConstants()) {
                if (e.toString().equalsIgnoreCase(value)) {
                    return e;
                }
            }
            errors.add(new FieldError(field, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList()));
            return null;
        }

        void range(String field, long value, long min, long max) {
            if (value < min || value > max) {
                errors.add(new FieldError(field, "must be between " + min + " and " + max));
            }
        }

        void between(String field, double value, double min, double max) {
            if (!(value >= min && value <= max)) {
                errors.add(new FieldError(field, "must be between " + min + " and " + max));
            }
        }

        void fraction(String field, double value, boolean inclusive) {
            if (!(value >= 0 && (inclusive ? value <= 1 : value < 1))) {
                errors.add(new FieldError(field, "must be in [0, 1" + (inclusive ? "]" : ")")));
            }
        }

        void positive(String field, double value, double max) {
            if (!(value > 0 && value <= max)) {
                errors.add(new FieldError(field, "must be > 0 and at most " + max));
            }
        }
    }
}
