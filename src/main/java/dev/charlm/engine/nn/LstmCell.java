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
 * LSTM, gate row [i f g o] (G = 4, g the candidate C~): [i f g o] = act(X_t W_x + b + H_{t-1} W_h)
 * with σ for i, f, o and tanh for g; C_t = f ⊙ C_{t-1} + i ⊙ g; H_t = o ⊙ tanh(C_t).
 */
public final class LstmCell extends CellBase implements Cell {

    private static final int G = 4;

    /** (B·T × 4H): pre-activations, then in place the gate activations [i f g o] backward reads. */
    private final Tensor gates;
    private final StateSequence c;
    /** (B·T × H): tanh(C_t), cached for backward. */
    private final Tensor tanhC;
    /** (B·T × 4H): pre-activation gradients. */
    private final Tensor dGates;
    /** (B × H): gradient flowing to the previous step's cell state. */
    private final Tensor dcNext;

    LstmCell(Precision precision, int batch, int steps, int hidden, boolean training) {
        super(precision, batch, steps, hidden, training);
        int n = batch * steps;
        this.gates = Tensor.zeros(precision, n, G * hidden);
        this.c = new StateSequence(precision, batch, steps, hidden, false);
        this.tanhC = Tensor.zeros(precision, n, hidden);
        this.dGates = training ? Tensor.zeros(precision, n, G * hidden) : null;
        this.dcNext = training ? Tensor.zeros(precision, batch, hidden) : null;
    }

    /** Index in {@link #gates} of the gate row of sequence b at step t. */
    private int gateRow(int b, int t) {
        return (b * T + t) * G * H;
    }

    @Override
    public void forward(MatMul mm, Pointwise pw, PackedMatrix wh, int t, int b0, int b1) {
        CellKernels simd = simd(pw);
        // gates_t += H_{t-1} W_h
        mm.gemm(false, b1 - b0, G * H, H, new Operand(h.enteringStep(t), h.enteringIndex(b0, t), h.enteringStride(t)), wh, 0,
                true, new Operand(gates, gateRow(b0, t), T * G * H));
        for (int b = b0; b < b1; b++) {
            int row = h.afterStep(b, t);
            Row gate = new Row(gates, gateRow(b, t));
            // [i f g o] = act(gates_t); C_t = f ⊙ C_{t-1} + i ⊙ g; H_t = o ⊙ tanh(C_t)
            if (simd != null) {
                simd.lstmForward(gate, c.enteringRow(b, t), c.afterRow(b, t), new Row(tanhC, row), h.afterRow(b, t), H);
            } else {
                forwardRow(gate, c.enteringRow(b, t), c.afterRow(b, t), new Row(tanhC, row), h.afterRow(b, t), H);
            }
        }
    }

    /**
     * One row, in place on the gate row: i, f, o = σ(pre), g = tanh(pre); then C = f ⊙ C_prev + i ⊙ g,
     * tanhC = tanh(C), H = o ⊙ tanhC.
     */
    static void forwardRow(Row gates, Row cPrev, Row c, Row tanhC, Row h, int H) {
        for (int j = 0; j < H; j++) {
            double i = sigmoid(gates.get(j));
            double f = sigmoid(gates.get(H + j));
            double gg = StrictMath.tanh(gates.get(2 * H + j));
            double o = sigmoid(gates.get(3 * H + j));
            gates.set(j, i);
            gates.set(H + j, f);
            gates.set(2 * H + j, gg);
            gates.set(3 * H + j, o);
            double cv = f * cPrev.get(j) + i * gg;
            c.set(j, cv);
            double t = StrictMath.tanh(cv);
            tanhC.set(j, t);
            h.set(j, o * t);
        }
    }

    @Override
    public void backward(MatMul mm, Pointwise pw, PackedMatrix whT, int t, int b0, int b1) {
        CellKernels simd = simd(pw);
        if (t == T - 1) {
            dhNext.zero(b0 * H, (b1 - b0) * H);     // nothing flows back from beyond the window
            dcNext.zero(b0 * H, (b1 - b0) * H);
        }
        for (int b = b0; b < b1; b++) {
            int row = h.afterStep(b, t);
            Row gate = new Row(gates, gateRow(b, t));
            Row dGate = new Row(dGates, gateRow(b, t));
            // in the forward pass this was: C_t = f ⊙ C_{t-1} + i ⊙ g; H_t = o ⊙ tanh(C_t); dcNext becomes dC_{t-1}
            if (simd != null) {
                simd.lstmBackward(gate, c.enteringRow(b, t), new Row(tanhC, row), new Row(dhAbove, row), new Row(dhNext, b * H),
                        new Row(dcNext, b * H), dGate, H);
            } else {
                backwardRow(gate, c.enteringRow(b, t), new Row(tanhC, row), new Row(dhAbove, row), new Row(dhNext, b * H),
                        new Row(dcNext, b * H), dGate, H);
            }
        }
        if (t > 0) {
            // in the forward pass this was: gates_t += H_{t-1} W_h  →  dH_{t-1} = dGates_t W_hᵀ
            mm.gemm(false, b1 - b0, H, G * H, new Operand(dGates, gateRow(b0, t), T * G * H), whT, 0, false,
                    new Operand(dhNext, b0 * H, H));
        } else {
            h.gatherEntering(b0, b1);
        }
    }

    /**
     * One row, with dh = dhAbove + dhNext: dc = dcNext + dh ⊙ o ⊙ (1 - tanhC²); then
     * dI = dc ⊙ g, dF = dc ⊙ C_prev, dG = dc ⊙ i, dO = dh ⊙ tanhC, each times its activation's
     * derivative, into dGates; dcNext becomes dc ⊙ f (the gradient for C_prev).
     */
    static void backwardRow(Row gates, Row cPrev, Row tanhC, Row dhAbove, Row dhNext, Row dcNext, Row dGates, int H) {
        for (int j = 0; j < H; j++) {
            double i = gates.get(j);
            double f = gates.get(H + j);
            double gg = gates.get(2 * H + j);
            double o = gates.get(3 * H + j);
            double t = tanhC.get(j);
            double dh = dhAbove.get(j) + dhNext.get(j);
            double dcv = dcNext.get(j) + dh * o * (1 - t * t);
            dGates.set(j, dcv * gg * i * (1 - i));
            dGates.set(H + j, dcv * cPrev.get(j) * f * (1 - f));
            dGates.set(2 * H + j, dcv * i * (1 - gg * gg));
            dGates.set(3 * H + j, dh * t * o * (1 - o));
            dcNext.set(j, dcv * f);
        }
    }

    @Override
    public void recurrentWeightGradient(MatMul mm, Tensor gWh, int g0, int g1) {
        // gates_t += H_{t-1} W_h: one product over every (sequence, step) row
        mm.gemm(true, false, H, g1 - g0, gates.rows, new Operand(h.entering, 0, H), new Operand(dGates, g0, G * H), true,
                new Operand(gWh, g0, G * H));
    }

    @Override
    public Tensor gates() {
        return gates;
    }

    @Override
    public StateSequence cellState() {
        return c;
    }

    @Override
    public Tensor dGates() {
        return dGates;
    }
}
