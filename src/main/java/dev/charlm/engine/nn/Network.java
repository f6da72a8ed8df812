package dev.charlm.engine.nn;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.kernel.Operand;
import dev.charlm.engine.kernel.PackedMatrix;
import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.kernel.Pointwise;
import dev.charlm.engine.kernel.Tensor;

/**
 * A stacked RNN/GRU/LSTM language model's arithmetic over one window: forward, softmax cross-entropy,
 * backward through time, and the weight gradients. Holds no weights and no buffers: parameters come
 * from a {@link Parameters}, buffers from a {@link Workspace}.
 *
 * <p>Work is split by sequences: {@link #forward}, {@link #loss} and {@link #backward} take a range of
 * batch rows [b0, b1) and touch only those rows, so threads can each own part of a batch for the whole
 * window with no synchronisation. {@link #weightGradients} then sums over the whole batch, split by
 * columns of each gradient. Each row's arithmetic is the same whatever the split, and the kernels sum
 * in a fixed order (see {@link MatMul}), so results do not depend on the thread count. Weights are
 * read from {@link PackedWeights}, packed for the kernel once per optimizer step.
 *
 * <p>Layer by layer, the input projection of all T steps is one product; the layer's {@link Cell} then
 * runs the recurrence step by step (one (B × H)·(H × G·H) product and the fused gate arithmetic per
 * step). The output layer is one product over all B·T rows. Backward runs each cell from the last step
 * to the first.
 */
public final class Network {

    /** Purpose code for dropout masks in {@link Rng#derive}. */
    private static final long DROPOUT_STREAM = 0x44524F50L;

    private final ModelConfig config;
    private final MatMul mm;
    private final Pointwise pw;
    private final int L;
    private final int H;
    private final int GH;
    private final int V;

    public Network(ModelConfig config, MatMul mm, Pointwise pw) {
        this.config = config;
        this.mm = mm;
        this.pw = pw;
        this.L = config.layers();
        this.H = config.hiddenSize();
        this.GH = config.gateWidth();
        this.V = config.vocabSize();
    }

    public ModelConfig config() {
        return config;
    }

    public MatMul matMul() {
        return mm;
    }

    /** Dropout for one training window: a probability and a source of masks that depends only on (seed, step). */
    public record Dropout(double p, long seed, long step) {
        public static final Dropout NONE = new Dropout(0, 0, 0);

        boolean active() {
            return p > 0;
        }
    }

    // ------------------------------------------------------------------------------------------
    // forward

    /** Forward pass of sequences [b0, b1): fills the caches and the logits of those rows. */
    public void forward(PackedWeights w, Workspace ws, int b0, int b1, Dropout dropout) {
        Parameters p = w.parameters();
        int T = ws.steps;
        int n = b1 - b0;
        int r0 = b0 * T;
        int rows = n * T;
        boolean drop = dropout.active() && ws.training;
        for (int l = 0; l < L; l++) {
            Cell cell = ws.cells[l];
            Tensor gates = cell.gates();
            // X W_x + b for all T steps at once
            if (l == 0 && !config.hasEmbedding()) {
                Tensor wx = p.wx(0);
                Tensor b = p.b(0);
                for (int r = r0; r < r0 + rows; r++) {
                    int token = ws.inputs[r];
                    if (token >= 0) {
                        pw.add(wx, token * GH, b, 0, gates, r * GH, GH);   // row `token` of W_x: one-hot · W_x
                    } else {
                        b.copyTo(0, gates, r * GH, GH);                     // zero input
                    }
                }
            } else {
                int e = config.inputWidth(l);
                Tensor x;
                if (l == 0) {
                    x = ws.x0;
                    Tensor emb = p.embedding();
                    for (int r = r0; r < r0 + rows; r++) {
                        int token = ws.inputs[r];
                        if (token >= 0) {
                            emb.copyTo(token * e, x, r * e, e);
                        } else {
                            x.zero(r * e, e);
                        }
                    }
                } else if (drop) {
                    x = ws.xs[l];
                    fillMasks(ws.masks[l], l, r0, rows, T * ws.batch, dropout);
                    pw.multiply(ws.cells[l - 1].hidden().after, r0 * H, ws.masks[l], r0 * H, x, r0 * H, rows * H);
                } else {
                    x = ws.cells[l - 1].hidden().after;
                }
                mm.gemm(false, rows, GH, e, new Operand(x, r0 * e, e), w.wx(l), 0, false, new Operand(gates, r0 * GH, GH));
                Tensor b = p.b(l);
                for (int r = r0; r < r0 + rows; r++) {
                    pw.addBias(gates, r * GH, b, GH);
                }
            }
            PackedMatrix wh = w.wh(l);
            for (int t = 0; t < T; t++) {
                cell.forward(mm, pw, wh, t, b0, b1);
            }
        }
        Tensor top = ws.cells[L - 1].hidden().after;
        mm.gemm(false, rows, V, H, new Operand(top, r0 * H, H), w.wq(), 0, false, new Operand(ws.logits, r0 * V, V));
        Tensor bq = p.bq();
        for (int r = r0; r < r0 + rows; r++) {
            pw.addBias(ws.logits, r * V, bq, V);
        }
    }

    private void fillMasks(Tensor masks, int layer, int r0, int rows, int windowRows, Dropout d) {
        double keep = 1 - d.p();
        double scale = 1 / keep;
        for (int r = r0; r < r0 + rows; r++) {
            // one generator per (step, layer, row): the same mask whichever thread fills the row
            Rng rng = Rng.derive(d.seed(), DROPOUT_STREAM + layer, d.step() * windowRows + r);
            for (int j = 0; j < H; j++) {
                masks.set(r * H + j, rng.nextDouble() < keep ? scale : 0);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // loss

    /** Sum of -log p(target) in nats over the weighted positions, and how many there were. */
    public record LossSum(double nats, long count) {
        public LossSum plus(LossSum o) {
            return new LossSum(nats + o.nats, count + o.count);
        }
    }

    /**
     * Softmax cross-entropy of rows [b0, b1): records -log p(target) of each weighted position, and
     * replaces its logits by weight · (p - onehot), the gradient; unweighted (padding) positions get a
     * zero gradient. Sum the recorded losses with {@link #lossSum}.
     */
    public void loss(Workspace ws, int b0, int b1) {
        int T = ws.steps;
        for (int r = b0 * T; r < b1 * T; r++) {
            double w = ws.weights[r];
            if (w == 0) {
                ws.logits.zero(r * V, V);
                ws.nll[r] = 0;
            } else {
                ws.nll[r] = pw.softmaxCrossEntropy(ws.logits, r * V, ws.targets[r], w, V);
            }
        }
    }

    /** The losses recorded by {@link #loss} over the whole window, summed in position order. */
    public LossSum lossSum(Workspace ws) {
        double nats = 0;
        long count = 0;
        for (int r = 0; r < ws.nll.length; r++) {
            if (ws.weights[r] != 0) {
                nats += ws.nll[r];
                count++;
            }
        }
        return new LossSum(nats, count);
    }

    // ------------------------------------------------------------------------------------------
    // backward

    /**
     * Backward through time for rows [b0, b1), from the last step to the first: fills every cell's
     * gradients for {@link #weightGradients}.
     */
    public void backward(PackedWeights w, Workspace ws, int b0, int b1, Dropout dropout) {
        int T = ws.steps;
        int n = b1 - b0;
        int r0 = b0 * T;
        int rows = n * T;
        boolean drop = dropout.active() && ws.training;
        // in the forward pass this was: logits = H_top W_q + b_q
        mm.gemm(false, rows, H, V, new Operand(ws.logits, r0 * V, V), w.wqT(), 0, false,
                new Operand(ws.cells[L - 1].dhAbove(), r0 * H, H));
        for (int l = L - 1; l >= 0; l--) {
            Cell cell = ws.cells[l];
            PackedMatrix whT = w.whT(l);
            for (int t = T - 1; t >= 0; t--) {
                cell.backward(mm, pw, whT, t, b0, b1);
            }
            if (l > 0) {
                // in the forward pass this was: gates = X_l W_x + b, X_l = dropout(H_{l-1})
                Tensor dhBelow = ws.cells[l - 1].dhAbove();
                mm.gemm(false, rows, H, GH, new Operand(cell.dGates(), r0 * GH, GH), w.wxT(l), 0, false,
                        new Operand(dhBelow, r0 * H, H));
                if (drop) {
                    pw.multiply(dhBelow, r0 * H, ws.masks[l], r0 * H, dhBelow, r0 * H, rows * H);
                }
            } else if (config.hasEmbedding()) {
                int e = config.embeddingSize();
                mm.gemm(false, rows, e, GH, new Operand(cell.dGates(), r0 * GH, GH), w.wxT(0), 0, false,
                        new Operand(ws.dx0, r0 * e, e));
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // weight gradients

    /**
     * Part {@code part} of {@code parts} of every weight gradient, summed over the whole batch into
     * {@code grads} (which the caller has zeroed). Each gradient is split by panels of columns, so parts
     * never write the same element and each packs only its own columns of the right-hand operand.
     */
    public void weightGradients(Workspace ws, Parameters grads, int part, int parts) {
        int n = ws.batch * ws.steps;
        // in the forward pass this was: logits = H_top W_q + b_q
        int v0 = columnStart(V, parts, part);
        int v1 = columnStart(V, parts, part + 1);
        mm.gemm(true, false, H, v1 - v0, n, new Operand(ws.cells[L - 1].hidden().after, 0, H), new Operand(ws.logits, v0, V),
                true, new Operand(grads.wq(), v0, V));
        pw.sumRows(ws.logits, n, V, v0, v1, grads.bq());
        int g0 = columnStart(GH, parts, part);
        int g1 = columnStart(GH, parts, part + 1);
        for (int l = 0; l < L; l++) {
            Cell cell = ws.cells[l];
            Tensor dG = cell.dGates();
            cell.recurrentWeightGradient(mm, grads.wh(l), g0, g1);
            Tensor gWx = grads.wx(l);
            if (l == 0 && !config.hasEmbedding()) {
                // row `token` of W_x received dGates of every position that read it, in position order
                for (int r = 0; r < n; r++) {
                    int token = ws.inputs[r];
                    if (token >= 0) {
                        pw.add(gWx, token * GH + g0, dG, r * GH + g0, gWx, token * GH + g0, g1 - g0);
                    }
                }
            } else {
                int e = config.inputWidth(l);
                Tensor x = l == 0 ? ws.x0 : (ws.xs[l] != null ? ws.xs[l] : ws.cells[l - 1].hidden().after);
                mm.gemm(true, false, e, g1 - g0, n, new Operand(x, 0, e), new Operand(dG, g0, GH), true,
                        new Operand(gWx, g0, GH));
            }
            pw.sumRows(dG, n, GH, g0, g1, grads.b(l));
        }
        if (config.hasEmbedding()) {
            int e = config.embeddingSize();
            int e0 = Parallel.start(e, parts, part);
            int e1 = Parallel.start(e, parts, part + 1);
            Tensor gEmb = grads.embedding();
            for (int r = 0; r < n; r++) {
                int token = ws.inputs[r];
                if (token >= 0) {
                    pw.add(gEmb, token * e + e0, ws.dx0, r * e + e0, gEmb, token * e + e0, e1 - e0);
                }
            }
        }
    }

    /** First column of part {@code part}: parts get whole kernel panels, the last one the remainder. */
    static int columnStart(int columns, int parts, int part) {
        int panels = PackedMatrix.panelCount(columns);
        return Math.min(columns, Parallel.start(panels, parts, part) * PackedMatrix.PANEL);
    }

    // ------------------------------------------------------------------------------------------
    // state

    /**
     * Makes the final state of this window the initial state of the next: copied, so no gradient flows
     * back into it (the state is detached).
     */
    public void carryState(Workspace ws) {
        for (Cell cell : ws.cells) {
            cell.carryState();
        }
    }

    /** Zeroes the initial state of the rows where {@code reset[b]} is true. */
    public void resetRows(Workspace ws, boolean[] reset) {
        for (Cell cell : ws.cells) {
            for (int b = 0; b < ws.batch; b++) {
                if (reset[b]) {
                    cell.resetState(b);
                }
            }
        }
    }

    /** Zeroes the initial state of every row. */
    public void resetState(Workspace ws) {
        for (Cell cell : ws.cells) {
            cell.resetState();
        }
    }
}
