package dev.charlm.engine.train;

/**
 * How the training text is cut into windows.
 *
 * @param mode         sequential, random or lines
 * @param seqLength    T, the truncated-BPTT window (in lines mode, the longest piece of a line per window)
 * @param batchSize    B, sequences per window
 * @param randomOffset sequential batching: start each epoch at a random offset in [0, T) (seed 004)
 */
public record Batching(BatchingMode mode, int seqLength, int batchSize, boolean randomOffset) {

    public Batching withMode(BatchingMode m) {
        return new Batching(m, seqLength, batchSize, randomOffset);
    }

    public Batching withWindow(int t, int b) {
        return new Batching(mode, t, b, randomOffset);
    }

    public Batching withRandomOffset(boolean r) {
        return new Batching(mode, seqLength, batchSize, r);
    }
}
