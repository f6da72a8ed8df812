package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.CellKernels;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.kernel.Operand;
import dev.charlm.engine.kernel.PackedMatrix;
import dev.charlm.engine.kernel.Pointwise;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Row;
import dev.charlm.engine.kernel.Tensor;

/** Vanilla RNN: H_t = tanh(X_t W_xh + H_{t-1} W_hh + b_h); G = 1. */
public final class RnnCell extends CellBase implements Cell {

    /** (B·T × H): pre-activations X W_x + b + H_{t-1} W_h (backward reads H_t instead). */
    private final Tensor pre;
    /** (B·T × H): dLoss/dpre. */
    private final Tensor dPre;

    RnnCell(Precision precision, int batch, int steps, int hidden, boolean training) {
        super(precision, batch, steps, hidden, training);
        int n = batch * steps;
        this.pre = Tensor.zeros(precision, n, hidden);
        this.dPre = training ? Tensor.zeros(precision, n, hidden) : null;
    }

    @Override
    public void forward(MatMul mm, Pointwise pw, PackedMatrix wh, int t, int b0, int b1) {
        CellKernels simd = simd(pw);
        // pre_t += H_{t-1} W_h
        mm.gemm(false, b1 - b0, H, H, new Operand(h.enteringStep(t), h.enteringIndex(b0, t), h.enteringStride(t)), wh, 0, true,
                new Operand(pre, h.afterStep(b0, t), T * H));
        for (int b = b0; b < b1; b++) {
            // H_t = tanh(pre_t); pre has G·H = H columns, so its rows line up with H's
            int row = h.afterStep(b, t);
            if (simd != null) {
                simd.rnnForward(new Row(pre, row), h.afterRow(b, t), H);
            } else {
                forwardRow(new Row(pre, row), h.afterRow(b, t), H);
            }
        }
    }

    /** One row of H_t = tanh(pre_t). StrictMath keeps the bits the same interpreted and compiled. */
    static void forwardRow(Row pre, Row h, int H) {
        for (int j = 0; j < H; j++) {
            h.set(j, StrictMath.tanh(pre.get(j)));
        }
    }

    @Override
    public void backward(MatMul mm, Pointwise pw, PackedMatrix whT, int t, int b0, int b1) {
        CellKernels simd = simd(pw);
        if (t == T - 1) {
            dhNext.zero(b0 * H, (b1 - b0) * H);     // nothing flows back from beyond the window
        }
        for (int b = b0; b < b1; b++) {
            // in the forward pass this was: H_t = tanh(pre_t), so dpre = dH_t ⊙ (1 - H_t²)
            int row = h.afterStep(b, t);
            if (simd != null) {
                simd.rnnBackward(h.afterRow(b, t), new Row(dhAbove, row), new Row(dhNext, b * H), new Row(dPre, row), H);
            } else {
                backwardRow(h.afterRow(b, t), new Row(dhAbove, row), new Row(dhNext, b * H), new Row(dPre, row), H);
            }
        }
        if (t > 0) {
            // in the forward pass this was: pre_t += H_{t-1} W_h  →  dH_{t-1} = dpre_t W_hᵀ
            mm.gemm(false, b1 - b0, H, H, new Operand(dPre, h.afterStep(b0, t), T * H), whT, 0, false,
                    new Operand(dhNext, b0 * H, H));
        } else {
            h.gatherEntering(b0, b1);
        }
    }

    /** One row of dpre = (dhAbove + dhNext) ⊙ (1 - H_t²). */
    static void backwardRow(Row h, Row dhAbove, Row dhNext, Row dPre, int H) {
        for (int j = 0; j < H; j++) {
            double y = h.get(j);
            double dh = dhAbove.get(j) + dhNext.get(j);
            dPre.set(j, dh * (1 - y * y));
        }
    }

    @Override
    public void recurrentWeightGradient(MatMul mm, Tensor gWh, int g0, int g1) {
        // pre_t += H_{t-1} W_h: one product over every (sequence, step) row
        mm.gemm(true, false, H, g1 - g0, pre.rows, new Operand(h.entering, 0, H), new Operand(dPre, g0, H), true,
                new Operand(gWh, g0, H));
    }

    @Override
    public Tensor gates() {
        return pre;
    }

    @Override
    public Tensor dGates() {
        return dPre;
    }
}
