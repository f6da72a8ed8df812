package dev.charlm.engine.train;

import dev.charlm.engine.Rng;

/**
 * Consecutive batching: the text (after an optional random offset in [0, T) per epoch) is cut into B
 * contiguous streams of {@code (n - offset - 1) / B} inputs; window i holds steps [i·T, (i+1)·T) of every
 * stream, so the state carries from window to window; every row starts from zero at window 0.
 * With {@code coverTail} (evaluation) the last window is padded so that every stream is read to its end.
 */
final class SequentialPlan implements BatchPlan {

    private final Range text;
    private final int batch;
    private final int steps;
    private final boolean randomOffset;
    private final boolean coverTail;
    private final long seed;

    SequentialPlan(Range text, int batch, int steps, boolean randomOffset, boolean coverTail, long seed) {
        this.text = text;
        this.batch = batch;
        this.steps = steps;
        this.randomOffset = randomOffset;
        this.coverTail = coverTail;
        this.seed = seed;
        int worst = randomOffset ? steps - 1 : 0;
        int need = coverTail ? batch + 1 : batch * steps + 1 + worst;
        if (text.length() < need) {
            throw new IllegalArgumentException("the text has " + text.length() + " characters; sequential batching of "
                    + batch + " streams × " + steps + " steps needs at least " + need + ": lower batchSize or seqLength");
        }
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int steps() {
        return steps;
    }

    private int offset(int epoch) {
        return randomOffset ? Rng.derive(seed, OFFSET_STREAM, epoch).nextInt(steps) : 0;
    }

    private int streamLength(int epoch) {
        return (text.length() - offset(epoch) - 1) / batch;
    }

    @Override
    public int windows(int epoch) {
        int len = streamLength(epoch);
        return coverTail ? (len + steps - 1) / steps : len / steps;
    }

    @Override
    public void fill(int epoch, int index, int[] inputs, int[] targets, double[] mask, boolean[] reset) {
        int offset = offset(epoch);
        int len = streamLength(epoch);
        for (int b = 0; b < batch; b++) {
            reset[b] = index == 0;
            for (int t = 0; t < steps; t++) {
                int r = b * steps + t;
                int k = index * steps + t;
                if (k < len) {
                    int pos = offset + b * len + k;
                    inputs[r] = text.get(pos);
                    targets[r] = text.get(pos + 1);
                    mask[r] = 1;
                } else {
                    inputs[r] = -1;
                    targets[r] = 0;
                    mask[r] = 0;
                }
            }
        }
    }
}
