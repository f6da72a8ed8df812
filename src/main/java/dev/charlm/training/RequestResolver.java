package dev.charlm.training;

import dev.charlm.corpus.Corpus;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.training.request.Options;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.InvalidFieldsException.FieldError;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a {@link TrainingRequest} into a fully resolved one and the engine's {@link TrainingConfig}:
 * the request over the preset over the defaults ({@link Options#over}), the merged
 * options checked by Bean Validation against the constraints on their records, then the few checks
 * that need the server or the corpus (the sample length limit, the vector kernel, the model's size,
 * the corpus against batch x seqLength); every problem reported at once.
 */
final class RequestResolver {

    static final long MAX_PARAMETERS = 100_000_000L;

    /** A resolved request, its engine config and its corpus. */
    record Resolved(TrainingRequest spec, TrainingConfig config, Corpus corpus) {
    }

    /** Thread-safe; built once, as the option records' constraints never change. */
    private static final Validator VALIDATOR = jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator();

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
        Options preset = Options.NONE;
        if (r.preset() != null) {
            Optional<Presets.Preset> p = Presets.find(r.preset());
            if (p.isEmpty()) {
                errors.add(new FieldError("preset", "unknown preset '" + r.preset() + "'; one of " + Presets.names()));
            } else {
                preset = p.get().options().options();
            }
        }
        Corpus corpus = null;
        if (r.corpus() == null || r.corpus().isBlank()) {
            errors.add(new FieldError("corpus", "required: a corpus id or a built-in name (GET /corpora)"));
        } else {
            corpus = corpora.apply(r.corpus()).orElse(null);
            if (corpus == null) {
                errors.add(new FieldError("corpus", "no corpus '" + r.corpus() + "' (GET /corpora lists them)"));
            }
        }
        Options o = r.options().over(preset.over(Presets.DEFAULTS.options()));
        String name = r.name() != null ? r.name()
                : (r.preset() != null ? r.preset() : o.model().cell()) + " on " + (corpus == null ? r.corpus() : corpus.name());
        TrainingRequest s = new TrainingRequest(corpus == null ? r.corpus() : corpus.id(), r.preset(), name, o);
        errors.addAll(InvalidFieldsException.fieldErrors(VALIDATOR.validate(s)));
        if (o.sampling().sampleLength() > maxSampleLength) {
            errors.add(new FieldError("sampleLength", "must be between 1 and " + maxSampleLength));
        }
        if ("vector".equals(o.run().kernel()) && !dev.charlm.engine.kernel.Kernels.vectorAvailable()) {
            errors.add(new FieldError("kernel", "the vector kernel needs the JVM option --add-modules jdk.incubator.vector"));
        }
        TrainingConfig config = errors.isEmpty() ? o.toConfig(threads) : null;
        if (config != null && corpus != null) {
            long vocab = corpus.contents().distinctChars() + 1;
            long params = Parameters.count(config.model().shape((int) Math.min(vocab, Integer.MAX_VALUE)));
            if (params > MAX_PARAMETERS) {
                errors.add(new FieldError("hiddenSize", "the model would have about " + params + " parameters; at most " + MAX_PARAMETERS));
            }
            sizeCheck(config, corpus, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        return new Resolved(s, config, corpus);
    }

    /**
     * The corpus must hold one window per sequence: refused here when the token count is known from
     * the corpus's metadata (preprocessing that keeps one token per character); otherwise the job
     * fails at start with the engine's message.
     */
    private static void sizeCheck(TrainingConfig c, Corpus corpus, List<FieldError> errors) {
        BatchingMode batching = c.batching().mode();
        if (batching == BatchingMode.LINES || c.text().preprocessing() == Preprocessing.LETTERS) {
            return;
        }
        int batchSize = c.batching().batchSize();
        int seqLength = c.batching().seqLength();
        long n = c.text().maxChars() > 0 ? Math.min(corpus.contents().chars(), c.text().maxChars()) : corpus.contents().chars();
        long train = n - Math.round(n * c.validation().valFraction());
        long need = batching == BatchingMode.RANDOM
                ? (long) batchSize * seqLength + seqLength
                : (long) batchSize * seqLength + 1 + (c.batching().randomOffset() ? seqLength - 1 : 0);
        if (train < need) {
            errors.add(new FieldError("batchSize", "the training text has " + train + " characters, fewer than the " + need
                    + " that " + batchSize + " sequences of " + seqLength + " steps need: lower batchSize or seqLength"));
        }
    }
}
