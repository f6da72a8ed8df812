package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Row;
import dev.charlm.engine.kernel.Tensor;

/**
 * One layer's recurrent state (the hidden state H, or the LSTM cell state C) over a window of
 * B sequences × T steps: the state carried in before step 0 and the state after each step. It names
 * "the state entering step t", so no caller picks between the carried state and the previous step.
 */
public final class StateSequence {

    private final int T;
    private final int H;
    /** (B × H): the state entering step 0, carried in from the previous window. */
    final Tensor initial;
    /** (B·T × H): the state after each step, row b·T + t. */
    final Tensor after;
    /** (B·T × H): the state entering each step, as rows (training only, for the weight gradients). */
    final Tensor entering;

    StateSequence(Precision precision, int batch, int steps, int hidden, boolean training) {
        this.T = steps;
        this.H = hidden;
        this.initial = Tensor.zeros(precision, batch, hidden);
        this.after = Tensor.zeros(precision, batch * steps, hidden);
        this.entering = training ? Tensor.zeros(precision, batch * steps, hidden) : null;
    }

    /** Index in {@link #after} of sequence b's state after step t. */
    int afterStep(int b, int t) {
        return (b * T + t) * H;
    }

    /** The tensor holding the state entering step t: the carried state at t = 0, else {@link #after}. */
    Tensor enteringStep(int t) {
        return t == 0 ? initial : after;
    }

    /** Index in {@link #enteringStep}(t) of sequence b's state entering step t. */
    int enteringIndex(int b, int t) {
        return t == 0 ? b * H : (b * T + t - 1) * H;
    }

    /** Row stride of {@link #enteringStep}(t) from one sequence to the next. */
    int enteringStride(int t) {
        return t == 0 ? H : T * H;
    }

    /** Sequence b's state entering step t, as a row. */
    Row enteringRow(int b, int t) {
        return new Row(enteringStep(t), enteringIndex(b, t));
    }

    /** Sequence b's state after step t, as a row. */
    Row afterRow(int b, int t) {
        return new Row(after, afterStep(b, t));
    }

    /** Copies the state entering every step of sequences [b0, b1) into {@link #entering}. */
    void gatherEntering(int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            initial.copyTo(b * H, entering, b * T * H, H);
            after.copyTo(b * T * H, entering, (b * T + 1) * H, (T - 1) * H);
        }
    }

    /** The state after the last step becomes the state entering the next window (copied: detached). */
    void carry() {
        for (int b = 0; b < initial.rows; b++) {
            after.copyTo(afterStep(b, T - 1), initial, b * H, H);
        }
    }

    /** Sequence b starts the next window from a zero state. */
    void reset(int b) {
        initial.zero(b * H, H);
    }

    /** Every sequence starts from a zero state. */
    void reset() {
        initial.fill(0);
    }
}
