package dev.charlm.engine.train;

import dev.charlm.engine.Rng;
import dev.charlm.engine.text.TokenSequence;

/**
 * Line mode: every line (its tokens, the last being end-of-line) is one sequence. Position 0 reads the
 * zero input and predicts the first character; position k reads character k-1 and predicts character
 * k. Each of the B rows takes the next line (in an order shuffled per epoch) when its line is done; a
 * line longer than T continues in the same row in the next window with its state carried; a row whose
 * line ends early is padded (no loss). The epoch ends when every line has been read.
 */
final class LinesPlan implements BatchPlan {

    private final TokenSequence tokens;
    private final int[] starts;      // line i is tokens [starts[i], starts[i+1])
    private final int batch;
    private final int steps;
    private final boolean shuffle;
    private final long seed;
    private int cachedEpoch = -1;
    private int[] lineOf;            // per window and row: line index or -1 (padding)
    private int[] pieceOf;           // per window and row: first position of the line in this window
    private int cachedWindows;

    LinesPlan(TokenSequence tokens, int[] starts, int batch, int steps, boolean shuffle, long seed) {
        if (starts.length < 2) {
            throw new IllegalArgumentException("lines batching needs at least one line");
        }
        this.tokens = tokens;
        this.starts = starts;
        this.batch = batch;
        this.steps = steps;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** The longest line, in positions (characters plus end-of-line). */
    static int longestLine(int[] starts) {
        int max = 0;
        for (int i = 0; i + 1 < starts.length; i++) {
            max = Math.max(max, starts[i + 1] - starts[i]);
        }
        return max;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int steps() {
        return steps;
    }

    private int lines() {
        return starts.length - 1;
    }

    private int length(int line) {
        return starts[line + 1] - starts[line];
    }

    private void plan(int epoch) {
        if (cachedEpoch == epoch) {
            return;
        }
        int[] order = new int[lines()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Rng.derive(seed, SHUFFLE_STREAM, epoch).shuffle(order);
        }
        var lineList = new java.util.ArrayList<int[]>();
        int[] current = new int[batch];
        int[] position = new int[batch];
        java.util.Arrays.fill(current, -1);
        int next = 0;
        while (true) {
            int[] window = new int[2 * batch];
            boolean any = false;
            for (int b = 0; b < batch; b++) {
                if (current[b] < 0 && next < order.length) {
                    current[b] = order[next++];
                    position[b] = 0;
                }
                window[b] = current[b];
                window[batch + b] = position[b];
                any |= current[b] >= 0;
            }
            if (!any) {
                break;
            }
            lineList.add(window);
            for (int b = 0; b < batch; b++) {
                if (current[b] >= 0) {
                    position[b] += steps;
                    if (position[b] >= length(current[b])) {
                        current[b] = -1;
                    }
                }
            }
        }
        cachedWindows = lineList.size();
        lineOf = new int[cachedWindows * batch];
        pieceOf = new int[cachedWindows * batch];
        for (int w = 0; w < cachedWindows; w++) {
            System.arraycopy(lineList.get(w), 0, lineOf, w * batch, batch);
            System.arraycopy(lineList.get(w), batch, pieceOf, w * batch, batch);
        }
        cachedEpoch = epoch;
    }

    @Override
    public int windows(int epoch) {
        plan(epoch);
        return cachedWindows;
    }

    @Override
    public void fill(int epoch, int index, int[] inputs, int[] targets, double[] mask, boolean[] reset) {
        plan(epoch);
        for (int b = 0; b < batch; b++) {
            int line = lineOf[index * batch + b];
            int piece = pieceOf[index * batch + b];
            reset[b] = line < 0 || piece == 0;
            for (int t = 0; t < steps; t++) {
                int r = b * steps + t;
                int k = piece + t;
                if (line >= 0 && k < length(line)) {
                    int s = starts[line];
                    inputs[r] = k == 0 ? -1 : tokens.get(s + k - 1);
                    targets[r] = tokens.get(s + k);
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
