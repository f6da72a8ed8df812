package dev.charlm.engine.train;

import dev.charlm.engine.Rng;

/**
 * Random batching (d2l's data_iter_random): after a random offset in [0, T) per epoch, the text is cut
 * into non-overlapping windows of T inputs; they are shuffled and taken B at a time, each from a zero
 * state.
 */
final class RandomPlan implements BatchPlan {

    private final Range text;
    private final int batch;
    private final int steps;
    private final long seed;
    private int cachedEpoch = -1;
    private int[] cachedOrder;

    RandomPlan(Range text, int batch, int steps, long seed) {
        this.text = text;
        this.batch = batch;
        this.steps = steps;
        this.seed = seed;
        int need = batch * steps + steps;
        if (text.length() < need) {
            throw new IllegalArgumentException("the text has " + text.length() + " characters; random batching of "
                    + batch + " windows × " + steps + " steps needs at least " + need + ": lower batchSize or seqLength");
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
        return Rng.derive(seed, OFFSET_STREAM, epoch).nextInt(steps);
    }

    private int examples(int epoch) {
        return (text.length() - offset(epoch) - 1) / steps;
    }

    @Override
    public int windows(int epoch) {
        return examples(epoch) / batch;
    }

    private int[] order(int epoch) {
        if (cachedEpoch != epoch) {
            int[] order = new int[examples(epoch)];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Rng.derive(seed, SHUFFLE_STREAM, epoch).shuffle(order);
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    @Override
    public void fill(int epoch, int index, int[] inputs, int[] targets, double[] mask, boolean[] reset) {
        int offset = offset(epoch);
        int[] order = order(epoch);
        for (int b = 0; b < batch; b++) {
            reset[b] = true;
            int start = offset + order[index * batch + b] * steps;
            for (int t = 0; t < steps; t++) {
                int r = b * steps + t;
                inputs[r] = text.get(start + t);
                targets[r] = text.get(start + t + 1);
                mask[r] = 1;
            }
        }
    }
}
