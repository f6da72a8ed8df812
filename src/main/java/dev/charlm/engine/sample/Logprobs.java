package dev.charlm.engine.sample;

import java.util.List;

/**
 * The log-probabilities of a sample, when asked for with {@link LogprobOptions}.
 *
 * @param prefix    one per prefix token the model read (empty unless {@link LogprobOptions#prefix()})
 * @param generated one per character of {@link SampleResult#text()}
 */
public record Logprobs(List<TokenLogprob> prefix, List<TokenLogprob> generated) {

    public Logprobs {
        prefix = List.copyOf(prefix);
        generated = List.copyOf(generated);
    }
}
