package dev.charlm.sampling;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.sample.Scorer;
import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.metrics.SamplingMetrics;
import dev.charlm.training.JobRegistry;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.InvalidFieldsException.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Service;

/** Sampling and scoring on a model's latest checkpoint, with validation and metrics. */
@Service
public class SamplingService {

    private final JobRegistry jobs;
    private final LoadedModels models;
    private final SamplingMetrics metrics;
    private final CharLmProperties properties;
    private final Samplers samplers;
    /** JSON samples generated at once ({@code charlm.sampling.max-concurrent}); fair, so none waits behind later ones. */
    private final Semaphore turns;

    SamplingService(JobRegistry jobs, LoadedModels models, SamplingMetrics metrics, CharLmProperties properties,
                    Samplers samplers) {
        this.jobs = jobs;
        this.models = models;
        this.metrics = metrics;
        this.properties = properties;
        this.samplers = samplers;
        int cap = properties.sampling().maxConcurrent();
        this.turns = new Semaphore(cap > 0 ? cap : Integer.MAX_VALUE, true);
    }

    /** Checks sampling options, every problem at once. */
    public SamplingOptions options(Integer length, Double temperature, Integer topK, Double topP, Long seed, List<String> stop) {
        List<FieldError> errors = new ArrayList<>();
        int max = properties.sampling().maxLength();
        int len = length == null ? 100 : length;
        if (len < 0 || len > max) {
            errors.add(new FieldError("length", "must be between 0 and " + max + " (charlm.sampling.max-length)"));
        }
        double t = temperature == null ? 1.0 : temperature;
        if (!(t >= 0 && t <= 100)) {
            errors.add(new FieldError("temperature", "must be between 0 (greedy) and 100"));
        }
        int k = topK == null ? 0 : topK;
        if (k < 0) {
            errors.add(new FieldError("topK", "must be >= 0 (0 = all characters)"));
        }
        double p = topP == null ? 1.0 : topP;
        if (!(p > 0 && p <= 1)) {
            errors.add(new FieldError("topP", "must be in (0, 1]"));
        }
        List<String> stops = stop == null ? List.of() : stop;
        int maxStops = properties.sampling().maxStops();
        if (stops.size() > maxStops) {
            errors.add(new FieldError("stop", "at most " + maxStops + " stop strings"));
        }
        for (int i = 0; i < stops.size(); i++) {
            if (stops.get(i) == null || stops.get(i).isEmpty()) {
                errors.add(new FieldError("stop[" + i + "]", "must not be empty"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        return new SamplingOptions(len, t, k, p, seed, stops);
    }

    /** 400 when the prefix is longer than {@code charlm.sampling.max-prefix} characters. */
    public void checkPrefix(String field, String prefix) {
        if (prefix != null && tooLong(prefix)) {
            throw new InvalidFieldsException(List.of(prefixTooLong(field)));
        }
    }

    private boolean tooLong(String prefix) {
        int max = properties.sampling().maxPrefix();
        return prefix.length() > max && prefix.codePointCount(0, prefix.length()) > max;
    }

    private FieldError prefixTooLong(String field) {
        return new FieldError(field, "at most " + properties.sampling().maxPrefix() + " characters (charlm.sampling.max-prefix)");
    }

    public LanguageModel model(String id) {
        return models.model(jobs.get(id));
    }

    /** A sample; without a sink it shares steps with concurrent requests to the same model. */
    public SampleResult sample(String id, String prefix, SamplingOptions o, Sampler.TokenSink sink) {
        String p = prefix == null ? "" : prefix;
        checkPrefix("prefix", p);
        LanguageModel m = model(id);
        long start = System.nanoTime();
        try {
            SampleResult r = samplers.generating(() -> sink == null ? batched(id, m, p, o) : new Sampler(m).sample(p, o, sink));
            metrics.record(id, Duration.ofNanos(System.nanoTime() - start), r.text().codePointCount(0, r.text().length()));
            return r;
        } catch (UnknownCharactersException e) {
            throw unknown("prefix", e);
        }
    }

    private SampleResult batched(String id, LanguageModel m, String prefix, SamplingOptions o) {
        turns.acquireUninterruptibly();
        try {
            return samplers.of(id, m).sample(prefix, o);
        } finally {
            turns.release();
        }
    }

    List<SampleResult> sampleMany(String id, List<String> prefixes, int n, SamplingOptions o) {
        List<FieldError> errors = new ArrayList<>();
        if (prefixes == null || prefixes.isEmpty()) {
            errors.add(new FieldError("prefixes", "give at least one prefix (\"\" starts from nothing)"));
        }
        if (n < 1) {
            errors.add(new FieldError("n", "must be >= 1"));
        }
        if (errors.isEmpty() && (long) prefixes.size() * n > properties.sampling().maxSamples()) {
            errors.add(new FieldError("n", prefixes.size() + " prefixes × " + n + " is more than " + properties.sampling().maxSamples()
                    + " samples (charlm.sampling.max-samples)"));
        }
        for (int i = 0; errors.isEmpty() && i < prefixes.size(); i++) {
            if (prefixes.get(i) == null) {
                errors.add(new FieldError("prefixes[" + i + "]", "must be a string"));
            } else if (tooLong(prefixes.get(i))) {
                errors.add(prefixTooLong("prefixes[" + i + "]"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        LanguageModel m = model(id);
        List<String> all = new ArrayList<>(prefixes.size() * n);
        for (String p : prefixes) {
            for (int i = 0; i < n; i++) {
                all.add(p);
            }
        }
        long start = System.nanoTime();
        try {
            List<SampleResult> out = samplers.generating(() -> new Sampler(m).sampleMany(all, o));
            long chars = out.stream().mapToLong(r -> r.text().codePointCount(0, r.text().length())).sum();
            metrics.record(id, Duration.ofNanos(System.nanoTime() - start), chars);
            return out;
        } catch (UnknownCharactersException e) {
            throw unknown("prefixes", e);
        }
    }

    Scorer.Score score(String id, String text) {
        if (text == null || text.isEmpty()) {
            throw InvalidFieldsException.of("text", "required");
        }
        if (text.length() > properties.sampling().maxScoreChars()) {
            throw InvalidFieldsException.of("text", "at most " + properties.sampling().maxScoreChars() + " characters");
        }
        LanguageModel m = model(id);
        try {
            return new Scorer(m).score(text);
        } catch (UnknownCharactersException e) {
            throw unknown("text", e);
        } catch (IllegalArgumentException e) {
            throw InvalidFieldsException.of("text", e.getMessage());
        }
    }

    private static OutsideVocabularyException unknown(String field, UnknownCharactersException e) {
        return new OutsideVocabularyException(field, e);
    }
}
