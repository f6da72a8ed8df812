package dev.charlm.engine.sample;

import java.util.List;

/**
 * How to generate.
 *
 * @param length      characters to generate at most (0 allowed: warm up only)
 * @param temperature logits are divided by it; 0 means greedy argmax (seed 004's predict)
 * @param topK        sample among the K most likely characters only (0 = all)
 * @param topP        nucleus sampling: among the most likely characters whose probabilities sum to at
 *                    least topP (1 = all); with topK, of the top K renormalised, as in Hugging Face and
 *                    llama.cpp
 * @param seed        makes the sample reproducible; null draws one (reported in the result)
 * @param stop        generation ends when the text ends with one of these; it is not included
 * @param logprobs    report each character's log-probability and the most likely alternatives (of the
 *                    model's own distribution, see {@link TokenLogprob}); null = not asked, nothing computed
 */
public record SamplingOptions(int length, double temperature, int topK, double topP, Long seed, List<String> stop,
                              LogprobOptions logprobs) {

    /** Hard upper bound of {@code length}, whatever a caller allows. */
    public static final int MAX_LENGTH = 1_000_000;

    public SamplingOptions {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("length must be in [0, " + MAX_LENGTH + "]");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1]");
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop strings must not be empty");
        }
    }

    public SamplingOptions(int length, double temperature, int topK, double topP, Long seed, List<String> stop) {
        this(length, temperature, topK, topP, seed, stop, null);
    }

    /** The largest integer a double holds exactly (2^53 - 1). */
    static final long MAX_SAFE_SEED = (1L << 53) - 1;

    /**
     * A seed for a request that gave none. Below 2^53, because the response reports it for reproducing the
     * sample, and JSON clients that read numbers as doubles (JavaScript) would round a larger one.
     */
    public static long randomSeed() {
        return java.util.concurrent.ThreadLocalRandom.current().nextLong(MAX_SAFE_SEED + 1);
    }

    public static SamplingOptions greedy(int length) {
        return new SamplingOptions(length, 0, 0, 1, 0L, List.of());
    }

    public static SamplingOptions of(int length, double temperature, long seed) {
        return new SamplingOptions(length, temperature, 0, 1, seed, List.of());
    }

    public SamplingOptions withSeed(long s) {
        return new SamplingOptions(length, temperature, topK, topP, s, stop, logprobs);
    }

    public SamplingOptions withLogprobs(LogprobOptions l) {
        return new SamplingOptions(length, temperature, topK, topP, seed, stop, l);
    }
}
