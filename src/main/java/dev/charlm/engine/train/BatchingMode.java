package dev.charlm.engine.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the training text is cut into windows of B sequences × T steps. */
public enum BatchingMode {
    /**
     * B contiguous streams; each window is the next T characters of every stream, and the state is
     * carried (detached) from window to window, reset at each epoch (d2l consecutive sampling, char-rnn).
     */
    @JsonProperty("sequential") SEQUENTIAL,
    /** B random non-overlapping windows, each from a zero state (d2l random sampling). */
    @JsonProperty("random") RANDOM,
    /**
     * Line mode: each non-blank line is one sequence from a zero input and a zero state, ending with the
     * end-of-line token; padding carries no loss. Lines longer than T continue in the next window with
     * their state carried.
     */
    @JsonProperty("lines") LINES;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
