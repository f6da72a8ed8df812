package dev.charlm.engine.train;

import dev.charlm.engine.text.TokenSequence;

/**
 * The windows of an epoch: which token every (sequence, step) position reads and predicts. A plan is a
 * pure function of (seed, epoch, index), so a resumed run recomputes exactly the windows it would have
 * seen, and nothing about data order needs saving.
 */
public interface BatchPlan {

    /** Purpose codes for {@link dev.charlm.engine.Rng#derive}. */
    long OFFSET_STREAM = 0x4F464653L;
    long SHUFFLE_STREAM = 0x53485546L;

    /** B: sequences per window. */
    int batch();

    /** T: steps per window. */
    int steps();

    /** Windows in epoch {@code epoch} (0-based); at least 1. */
    int windows(int epoch);

    /**
     * Fills window {@code index} of {@code epoch}: for each position b·T + t the input token (-1 for the
     * zero input), the target, and 1 where the position counts in the loss or 0 for padding; and for each
     * row whether it starts from a zero state (true) or continues the state of the previous window.
     */
    void fill(int epoch, int index, int[] inputs, int[] targets, double[] mask, boolean[] reset);

    /** Reads token i of a range, for plans over part of a corpus. */
    record Range(TokenSequence tokens, int from, int to) {
        int length() {
            return to - from;
        }

        int get(int i) {
            return tokens.get(from + i);
        }
    }
}
