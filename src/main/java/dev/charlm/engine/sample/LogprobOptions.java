package dev.charlm.engine.sample;

/**
 * Asks a sample to report log-probabilities ({@link TokenLogprob}) for each generated character.
 *
 * @param top    how many of the most likely characters to list at each step (0 = only the chosen one's)
 * @param prefix also report them for the prefix's characters (the first one has none)
 */
public record LogprobOptions(int top, boolean prefix) {

    public LogprobOptions {
        if (top < 0) {
            throw new IllegalArgumentException("top must be >= 0");
        }
    }
}
