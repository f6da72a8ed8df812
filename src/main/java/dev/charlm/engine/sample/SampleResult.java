package dev.charlm.engine.sample;

/**
 * @param prefix       the prefix as given
 * @param text         the generated characters (without the prefix, the stop string or the end of line)
 * @param seed         the seed that reproduces this sample
 * @param finishReason why generation ended
 * @param logprobs     per character, when {@link SamplingOptions#logprobs()} asked for them; else null
 */
public record SampleResult(String prefix, String text, long seed, FinishReason finishReason, Logprobs logprobs) {

    public SampleResult(String prefix, String text, long seed, FinishReason finishReason) {
        this(prefix, text, seed, finishReason, null);
    }
}
