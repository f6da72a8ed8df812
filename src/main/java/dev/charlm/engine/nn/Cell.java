package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.kernel.PackedMatrix;
import dev.charlm.engine.kernel.Pointwise;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;

/**
 * One layer's recurrent cell over a window of B sequences × T steps. It owns the caches its backward
 * pass reads, and for one step t of sequences [b0, b1) it runs the recurrent product and its
 * element-wise gate arithmetic (forward), or their derivatives (backward). Each step touches only rows
 * [b0, b1), so threads can share a cell by owning parts of the batch.
 *
 * <p>Before the first forward step the network writes X W_x + b of all T steps into {@link #gates};
 * before the first backward step (t = T-1) it writes dLoss/dH from above into {@link #dhAbove}, and
 * after the last one (t = 0) it reads {@link #dGates}.
 */
public sealed interface Cell permits RnnCell, GruCell, LstmCell {

    /** The cell of a layer of {@code c}, with buffers for B = {@code batch} sequences × T = {@code steps}. */
    static Cell create(ModelConfig c, Precision precision, int batch, int steps, boolean training) {
        return switch (c.cell()) {
            case RNN -> new RnnCell(precision, batch, steps, c.hiddenSize(), training);
            case GRU -> new GruCell(precision, batch, steps, c.hiddenSize(), training);
            case LSTM -> new LstmCell(precision, batch, steps, c.hiddenSize(), training);
        };
    }

    /** X W_x + b of every (sequence, step), filled by the network; after forward, what this cell's backward reads. */
    Tensor gates();

    /** The hidden state H, the layer's output. */
    StateSequence hidden();

    /** The LSTM cell state C; null for cells without one. */
    default StateSequence cellState() {
        return null;
    }

    /** Step t of sequences [b0, b1): H_t from gates_t and the state entering step t. */
    void forward(MatMul mm, Pointwise pw, PackedMatrix wh, int t, int b0, int b1);

    /** dLoss/dH_t of every (sequence, step), written from above (the output layer or the next layer); training only. */
    Tensor dhAbove();

    /**
     * Step t of sequences [b0, b1), called from t = T-1 down to 0: dGates_t from dhAbove and the gradient
     * carried from step t+1, then the gradient carried to step t-1.
     */
    void backward(MatMul mm, Pointwise pw, PackedMatrix whT, int t, int b0, int b1);

    /** Pre-activation gradients of the x side, after backward (they also give the bias gradient). */
    Tensor dGates();

    /**
     * After backward on every sequence: adds columns [g0, g1) of dW_h, summed over all B·T rows, into
     * {@code gWh}.
     */
    void recurrentWeightGradient(MatMul mm, Tensor gWh, int g0, int g1);

    /** The state after the last step becomes the state entering the next window. */
    default void carryState() {
        hidden().carry();
        if (cellState() != null) {
            cellState().carry();
        }
    }

    /** Sequence b starts from a zero state. */
    default void resetState(int b) {
        hidden().reset(b);
        if (cellState() != null) {
            cellState().reset(b);
        }
    }

    /** Every sequence starts from a zero state. */
    default void resetState() {
        hidden().reset();
        if (cellState() != null) {
            cellState().reset();
        }
    }
}
