package dev.charlm.engine.sample;

/**
 * @param prefix       the prefix as given
 * @param text         the generated characters (without the prefix, the stop string or the end of line)
 * @param seed         the seed that reproduces this sample
 * @param finishReason why generation ended
 */
public record SampleResult(String prefix, String text, long seed, FinishReason finishReason) {
}
