package dev.charlm.engine.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.function.IntConsumer;

/** How corpus text is normalised before it becomes tokens. Applied identically to prefixes at sampling. */
public enum Preprocessing {
    /** The text as it is. */
    @JsonProperty("none") NONE,
    /** Every letter lower-cased (code point by code point, locale-independent). */
    @JsonProperty("lowercase") LOWERCASE,
    /**
     * Seed 004's cleaning: lower-case, and every run of characters that are not letters (digits,
     * punctuation, white space, line breaks) becomes one space. Letters are Unicode letters, so
     * Chinese text keeps its characters; on English text this is {@code [^a-z]+ -> ' '}.
     */
    @JsonProperty("letters") LETTERS;

    /** A sink that applies this preprocessing before passing code points on. */
    public IntConsumer wrap(IntConsumer next) {
        switch (this) {
            case LOWERCASE:
                return cp -> next.accept(Character.toLowerCase(cp));
            case LETTERS:
                return new IntConsumer() {
                    private boolean inGap;

                    @Override
                    public void accept(int cp) {
                        if (Character.isLetter(cp)) {
                            inGap = false;
                            next.accept(Character.toLowerCase(cp));
                        } else if (!inGap) {
                            inGap = true;
                            next.accept(' ');
                        }
                    }
                };
            default:
                return next;
        }
    }

    /** Applies this preprocessing to a string (used for sampling prefixes). */
    public String apply(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        IntConsumer sink = wrap(sb::appendCodePoint);
        s.codePoints().forEach(sink);
        return sb.toString();
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
