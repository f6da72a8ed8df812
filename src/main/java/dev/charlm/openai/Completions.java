package dev.charlm.openai;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.sample.FinishReason;
import dev.charlm.engine.sample.LogprobOptions;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.sample.TokenLogprob;
import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.sampling.SamplingService;
import dev.charlm.training.JobRegistry;
import dev.charlm.training.TrainingJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * OpenAI's completion request read as CharLM samples: which model, which options (every bound checked
 * here, named by OpenAI's field), one sample per choice through {@link SamplingService}, and the answer
 * in OpenAI's shape.
 */
@Service
class Completions {

    /** OpenAI's own limits: at most 4 stop strings and logprobs in [0, 5]. */
    static final int MAX_STOPS = 4;
    static final int MAX_LOGPROBS = 5;
    static final int DEFAULT_MAX_TOKENS = 16;

    private final JobRegistry jobs;
    private final SamplingService sampling;
    private final CharLmProperties.Sampling limits;

    Completions(JobRegistry jobs, SamplingService sampling, CharLmProperties properties) {
        this.jobs = jobs;
        this.sampling = sampling;
        this.limits = properties.sampling();
    }

    /**
     * A checked request: the model's id, its prompts with the number of tokens the model reads of each,
     * and the options of choice 0 (choice i uses seed + i).
     */
    record Plan(String id, String responseId, long created, List<String> prompts, List<Integer> promptTokens, int n,
                SamplingOptions options, boolean echo, boolean includeUsage) {

        int choices() {
            return prompts.size() * n;
        }

        String prompt(int index) {
            return prompts.get(index / n);
        }

        SamplingOptions options(int index) {
            return options.withSeed(options.seed() + index);
        }
    }

    /** Everything that can be refused is refused here, before any sample or stream starts. */
    Plan plan(CompletionRequest r) {
        if (r.model() == null || r.model().isBlank()) {
            throw OpenAiException.invalid("model", "you must provide a model parameter");
        }
        List<String> prompts = r.prompt() == null ? List.of("") : r.prompt();
        if (prompts.isEmpty()) {
            throw OpenAiException.invalid("prompt", "prompt must be a string or a non-empty array of strings");
        }
        int n = r.n() == null ? 1 : r.n();
        if (n < 1) {
            throw OpenAiException.invalid("n", "n must be at least 1");
        }
        if ((long) prompts.size() * n > limits.maxSamples()) {
            throw OpenAiException.invalid("n", prompts.size() + " prompts × n = " + n + " is more than " + limits.maxSamples()
                    + " choices (charlm.sampling.max-samples)");
        }
        neutral(r);
        SamplingOptions options = options(r);
        for (int i = 0; i < prompts.size(); i++) {
            String field = promptField(prompts, i);
            if (prompts.get(i) == null) {
                throw OpenAiException.invalid(field, "must be a string");
            }
            sampling.checkPrefix(field, prompts.get(i));
        }
        TrainingJob job = ModelsController.withCheckpoint(jobs, r.model());
        LanguageModel model = sampling.model(job.id());
        List<Integer> tokens = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            try {
                tokens.add(model.encode(prompts.get(i)).length);
            } catch (UnknownCharactersException e) {
                throw OpenAiException.invalid(promptField(prompts, i), e.getMessage());
            }
        }
        boolean includeUsage = r.streamOptions() != null && Boolean.TRUE.equals(r.streamOptions().includeUsage());
        return new Plan(job.id(), "cmpl-" + UUID.randomUUID().toString().replace("-", ""), System.currentTimeMillis() / 1000,
                prompts, tokens, n, options, r.echoes(), includeUsage);
    }

    private static String promptField(List<String> prompts, int i) {
        return prompts.size() == 1 ? "prompt" : "prompt[" + i + "]";
    }

    private SamplingOptions options(CompletionRequest r) {
        int max = r.maxTokens() == null ? DEFAULT_MAX_TOKENS : r.maxTokens();
        if (max < 0 || max > limits.maxLength()) {
            throw OpenAiException.invalid("max_tokens", "max_tokens must be between 0 and " + limits.maxLength()
                    + " (charlm.sampling.max-length); one token is one character");
        }
        double t = r.temperature() == null ? 1.0 : r.temperature();
        if (!(t >= 0 && t <= 2)) {
            throw OpenAiException.invalid("temperature", "temperature must be between 0 (greedy) and 2");
        }
        double p = r.topP() == null ? 1.0 : r.topP();
        if (!(p > 0 && p <= 1)) {
            throw OpenAiException.invalid("top_p", "top_p must be greater than 0 and at most 1");
        }
        int k = r.topK() == null ? 0 : r.topK();
        if (k < 0) {
            throw OpenAiException.invalid("top_k", "top_k must be at least 0 (0 = every character)");
        }
        List<String> stop = r.stop() == null ? List.of() : r.stop();
        int maxStops = Math.min(MAX_STOPS, limits.maxStops());
        if (stop.size() > maxStops) {
            throw OpenAiException.invalid("stop", "at most " + maxStops + " stop sequences");
        }
        if (stop.stream().anyMatch(s -> s == null || s.isEmpty())) {
            throw OpenAiException.invalid("stop", "stop sequences must be non-empty strings");
        }
        LogprobOptions logprobs = null;
        if (r.logprobs() != null) {
            if (r.logprobs() < 0 || r.logprobs() > MAX_LOGPROBS) {
                throw OpenAiException.invalid("logprobs", "logprobs must be between 0 and " + MAX_LOGPROBS);
            }
            logprobs = new LogprobOptions(r.logprobs(), r.echoes());
        }
        long seed = r.seed() != null ? r.seed() : SamplingOptions.randomSeed();
        return new SamplingOptions(max, t, k, p, seed, stop, logprobs);
    }

    /** OpenAI's fields that a character model has no use for pass at their neutral values only. */
    private static void neutral(CompletionRequest r) {
        if (r.suffix() != null && !r.suffix().isEmpty()) {
            throw OpenAiException.invalid("suffix", "suffix is not supported: a character model only continues text");
        }
        if (r.bestOf() != null && !r.bestOf().equals(r.n() == null ? 1 : r.n())) {
            throw OpenAiException.invalid("best_of", "best_of is not supported: leave it out, or set it to n");
        }
        if (r.presencePenalty() != null && r.presencePenalty() != 0) {
            throw OpenAiException.invalid("presence_penalty", "presence_penalty is not supported: leave it out, or set it to 0");
        }
        if (r.frequencyPenalty() != null && r.frequencyPenalty() != 0) {
            throw OpenAiException.invalid("frequency_penalty", "frequency_penalty is not supported: leave it out, or set it to 0");
        }
        if (r.logitBias() != null && !r.logitBias().isEmpty()) {
            throw OpenAiException.invalid("logit_bias", "logit_bias is not supported: leave it out");
        }
    }

    /** Every choice, one after the other, each through the sampling service (its batching, its cap, its metrics). */
    CompletionResponse complete(Plan plan) {
        List<CompletionResponse.Choice> choices = new ArrayList<>(plan.choices());
        long completionTokens = 0;
        for (int i = 0; i < plan.choices(); i++) {
            SampleResult r = sample(plan, i, null);
            completionTokens += r.text().codePointCount(0, r.text().length());
            choices.add(choice(plan, i, r));
        }
        return new CompletionResponse(plan.responseId(), CompletionResponse.OBJECT, plan.created(), plan.id(), choices,
                usage(plan, completionTokens));
    }

    SampleResult sample(Plan plan, int index, Sampler.TokenSink sink) {
        return sampling.sample(plan.id(), plan.prompt(index), plan.options(index), sink);
    }

    CompletionResponse.Usage usage(Plan plan, long completionTokens) {
        long prompt = plan.promptTokens().stream().mapToLong(Integer::longValue).sum();
        return new CompletionResponse.Usage(prompt, completionTokens, prompt + completionTokens);
    }

    private static CompletionResponse.Choice choice(Plan plan, int index, SampleResult r) {
        String text = plan.echo() ? plan.prompt(index) + r.text() : r.text();
        return new CompletionResponse.Choice(text, index, logprobs(plan, index, r), finishReason(r.finishReason()));
    }

    /** {@code stop} for a stop string or the end of a line (the model ended its text), {@code length} otherwise. */
    static String finishReason(FinishReason r) {
        return r == FinishReason.STOP || r == FinishReason.END_OF_LINE ? "stop" : "length";
    }

    /** Text offsets count code points from the start of the prompt, echoed or not, as OpenAI's do. */
    private static CompletionResponse.Logprobs logprobs(Plan plan, int index, SampleResult r) {
        if (r.logprobs() == null) {
            return null;
        }
        List<TokenLogprob> all = new ArrayList<>(r.logprobs().prefix());
        all.addAll(r.logprobs().generated());
        return logprobs(all, plan.echo() ? 0 : plan.promptTokens().get(index / plan.n()));
    }

    /** OpenAI's object for these entries, the first at {@code offset} code points from the prompt's start. */
    static CompletionResponse.Logprobs logprobs(List<TokenLogprob> entries, int offset) {
        List<String> tokens = new ArrayList<>(entries.size());
        List<Double> values = new ArrayList<>(entries.size());
        List<Map<String, Double>> tops = new ArrayList<>(entries.size());
        List<Integer> offsets = new ArrayList<>(entries.size());
        for (TokenLogprob t : entries) {
            tokens.add(t.token());
            values.add(t.logprob());
            if (t.top() == null) {
                tops.add(null);
            } else {
                Map<String, Double> top = new LinkedHashMap<>();
                t.top().forEach(c -> top.put(c.token(), c.logprob()));
                tops.add(top);
            }
            offsets.add(offset);
            offset += t.token().codePointCount(0, t.token().length());
        }
        return new CompletionResponse.Logprobs(tokens, values, tops, offsets);
    }
}
