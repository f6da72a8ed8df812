package dev.charlm.engine.text;

/**
 * How a corpus becomes a token stream.
 *
 * @param preprocessing normalisation of every code point (and of sampling prefixes)
 * @param lineMode      each non-blank line is one sequence ending with an end-of-line token ({@code \n});
 *                      sequences start from a zero input and a zero state (seed 001)
 * @param joinLines     every line break ({@code \n} or {@code \r}) becomes a space, as d2l's Jay Chou loader
 * @param maxChars      keep only the first maxChars tokens after preprocessing (0 = all; d2l uses 10,000)
 * @param maxVocab      at most this many tokens including {@code <unk>} (0 = no limit)
 * @param minFrequency  characters seen fewer times map to {@code <unk>} (1 = keep all)
 */
public record TextOptions(Preprocessing preprocessing, boolean lineMode, boolean joinLines,
                          int maxChars, int maxVocab, int minFrequency) {

    public static final TextOptions DEFAULT = new TextOptions(Preprocessing.NONE, false, false, 0, 0, 1);

    public TextOptions {
        if (preprocessing == null) {
            preprocessing = Preprocessing.NONE;
        }
        if (lineMode && joinLines) {
            throw new IllegalArgumentException("lineMode and joinLines exclude each other: one keeps line breaks as sequence ends, the other removes them");
        }
        if (maxChars < 0 || maxVocab < 0 || minFrequency < 1) {
            throw new IllegalArgumentException("maxChars and maxVocab must be >= 0 and minFrequency >= 1");
        }
        if (maxVocab == 1) {
            throw new IllegalArgumentException("maxVocab must be 0 (no limit) or at least 2");
        }
    }
}
