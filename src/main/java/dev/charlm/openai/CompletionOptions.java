package dev.charlm.openai;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.sample.LogprobOptions;
import dev.charlm.engine.sample.SamplingOptions;
import java.util.List;

/**
 * OpenAI's sampling fields read as {@link SamplingOptions}: OpenAI's defaults and limits where it has
 * them (max_tokens 16, temperature up to 2, 4 stop strings, logprobs up to 5), CharLM's
 * {@code charlm.sampling.*} bounds on top, and each refusal naming OpenAI's field.
 */
final class CompletionOptions {

    static final int MAX_STOPS = 4;
    static final int MAX_LOGPROBS = 5;
    static final int DEFAULT_MAX_TOKENS = 16;

    private CompletionOptions() {
    }

    static SamplingOptions of(CompletionRequest r, CharLmProperties.Sampling limits) {
        neutral(r);
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
}
