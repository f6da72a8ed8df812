package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.CellKernels;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.kernel.Operand;
import dev.charlm.engine.kernel.PackedMatrix;
import dev.charlm.engine.kernel.Pointwise;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Row;
import dev.charlm.engine.kernel.Tensor;

/**
 * GRU, gate row [z r h~] (G = 3), the reset gate applied after the recurrent product (as the d2l seed):
 * with x = X_t W_x + b and gh = H_{t-1} W_h, z = σ(x_z + gh_z), r = σ(x_r + gh_r),
 * h~ = tanh(x_h + r ⊙ gh_h), H_t = z ⊙ H_{t-1} + (1 - z) ⊙ h~.
 */
public final class GruCell extends CellBase implements Cell {

    private static final int G = 3;

    /** (B·T × 3H): x side pre-activations X W_x + b, then in place the activations [z r h~] backward reads. */
    private final Tensor gates;
    /** (B × 3H): H_{t-1} W_h of the current step. */
    private final Tensor gh;
    /** (B·T × H): gh_h, cached because the reset gate multiplies it. */
    private final Tensor ghh;
    /** (B·T × 3H): pre-activation gradients, x side. */
    private final Tensor dGates;
    /** (B·T × 3H): pre-activation gradients, h side (r ⊙ dh~ in the candidate block). */
    private final Tensor dGh;

    GruCell(Precision precision, int batch, int steps, int hidden, boolean training) {
        super(precision, batch, steps, hidden, training);
        int n = batch * steps;
        this.gates = Tensor.zeros(precision, n, G * hidden);
        this.gh = Tensor.zeros(precision, batch, G * hidden);
        this.ghh = Tensor.zeros(precision, n, hidden);
        this.dGates = training ? Tensor.zeros(precision, n, G * hidden) : null;
        this.dGh = training ? Tensor.zeros(precision, n, G * hidden) : null;
    }

    /** Index in {@link #gates} (and dGates, dGh) of the gate row of sequence b at step t. */
    private int gateRow(int b, int t) {
        return (b * T + t) * G * H;
    }

    @Override
    public void forward(MatMul mm, Pointwise pw, PackedMatrix wh, int t, int b0, int b1) {
        CellKernels simd = simd(pw);
        // gh = H_{t-1} W_h, apart from the x side: the reset gate multiplies its candidate block
        mm.gemm(false, b1 - b0, G * H, H, new Operand(h.enteringStep(t), h.enteringIndex(b0, t), h.enteringStride(t)), wh, 0,
                false, new Operand(gh, b0 * G * H, G * H));
        for (int b = b0; b < b1; b++) {
            int row = h.afterStep(b, t);
            Row gate = new Row(gates, gateRow(b, t));
            // z, r, h~ from x and gh; H_t = z ⊙ H_{t-1} + (1 - z) ⊙ h~
            if (simd != null) {
                simd.gruForward(gate, new Row(gh, b * G * H), new Row(ghh, row), h.enteringRow(b, t), h.afterRow(b, t), H);
            } else {
                forwardRow(gate, new Row(gh, b * G * H), new Row(ghh, row), h.enteringRow(b, t), h.afterRow(b, t), H);
            }
        }
    }

    /**
     * One row: z = σ(x_z + gh_z), r = σ(x_r + gh_r), h~ = tanh(x_h + r ⊙ gh_h),
     * H = z ⊙ H_prev + (1 - z) ⊙ h~. Writes [z r h~] over the x side in gates and gh_h into ghh.
     */
    static void forwardRow(Row gates, Row gh, Row ghh, Row hPrev, Row h, int H) {
        for (int j = 0; j < H; j++) {
            double z = sigmoid(gates.get(j) + gh.get(j));
            double r = sigmoid(gates.get(H + j) + gh.get(H + j));
            double hhPre = gh.get(2 * H + j);
            double hh = StrictMath.tanh(gates.get(2 * H + j) + r * hhPre);
            gates.set(j, z);
            gates.set(H + j, r);
            gates.set(2 * H + j, hh);
            ghh.set(j, hhPre);
            h.set(j, z * hPrev.get(j) + (1 - z) * hh);
        }
    }

    @Override
    public void backward(MatMul mm, Pointwise pw, PackedMatrix whT, int t, int b0, int b1) {
        CellKernels simd = simd(pw);
        if (t == T - 1) {
            dhNext.zero(b0 * H, (b1 - b0) * H);     // nothing flows back from beyond the window
        }
        for (int b = b0; b < b1; b++) {
            int row = h.afterStep(b, t);
            int g = gateRow(b, t);
            // in the forward pass this was: H_t = z ⊙ H_{t-1} + (1 - z) ⊙ h~; dhNext becomes dH ⊙ z
            if (simd != null) {
                simd.gruBackward(new Row(gates, g), new Row(ghh, row), h.enteringRow(b, t), new Row(dhAbove, row),
                        new Row(dhNext, b * H), new Row(dGates, g), new Row(dGh, g), H);
            } else {
                backwardRow(new Row(gates, g), new Row(ghh, row), h.enteringRow(b, t), new Row(dhAbove, row),
                        new Row(dhNext, b * H), new Row(dGates, g), new Row(dGh, g), H);
            }
        }
        if (t > 0) {
            // in the forward pass this was: gh = H_{t-1} W_h  →  dH_{t-1} += dGh_t W_hᵀ
            mm.gemm(false, b1 - b0, H, G * H, new Operand(dGh, gateRow(b0, t), T * G * H), whT, 0, true,
                    new Operand(dhNext, b0 * H, H));
        } else {
            h.gatherEntering(b0, b1);
        }
    }

    /**
     * One row, with dh = dhAbove + dhNext: dz = dh ⊙ (H_prev - h~), dh~pre = dh ⊙ (1 - z) ⊙ (1 - h~²),
     * dr = dh~pre ⊙ gh_h. dGates (x side) = [dz·σ', dr·σ', dh~pre]; dGh (h side) =
     * [dz·σ', dr·σ', dh~pre ⊙ r]; dhNext becomes dh ⊙ z, the direct part of the gradient for H_prev
     * (the step adds dGh · W_hᵀ).
     */
    static void backwardRow(Row gates, Row ghh, Row hPrev, Row dhAbove, Row dhNext, Row dGates, Row dGh, int H) {
        for (int j = 0; j < H; j++) {
            double z = gates.get(j);
            double r = gates.get(H + j);
            double hh = gates.get(2 * H + j);
            double dh = dhAbove.get(j) + dhNext.get(j);
            double dz = dh * (hPrev.get(j) - hh) * z * (1 - z);
            double dhhPre = dh * (1 - z) * (1 - hh * hh);
            double dr = dhhPre * ghh.get(j) * r * (1 - r);
            dGates.set(j, dz);
            dGates.set(H + j, dr);
            dGates.set(2 * H + j, dhhPre);
            dGh.set(j, dz);
            dGh.set(H + j, dr);
            dGh.set(2 * H + j, dhhPre * r);
            dhNext.set(j, dh * z);
        }
    }

    @Override
    public void recurrentWeightGradient(MatMul mm, Tensor gWh, int g0, int g1) {
        // gh = H_{t-1} W_h: one product over every (sequence, step) row, with the h side gradients
        mm.gemm(true, false, H, g1 - g0, gates.rows, new Operand(h.entering, 0, H), new Operand(dGh, g0, G * H), true,
                new Operand(gWh, g0, G * H));
    }

    @Override
    public Tensor gates() {
        return gates;
    }

    @Override
    public Tensor dGates() {
        return dGates;
    }
}
