package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.CellKernels;
import dev.charlm.engine.kernel.Pointwise;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;

/**
 * What every {@link Cell} has: the window's shape, its hidden state, the gradients that reach it from
 * above and from the next step, and the choice between its SIMD rows and its scalar ones. Each cell
 * adds its own gate caches and keeps its forward and backward side by side.
 */
abstract class CellBase {

    final boolean float32;
    final int T;
    final int H;
    final StateSequence h;
    /** (B·T × H): dLoss/dH_t from above. */
    final Tensor dhAbove;
    /** (B × H): gradient flowing to the previous step's hidden state. */
    final Tensor dhNext;

    CellBase(Precision precision, int batch, int steps, int hidden, boolean training) {
        this.float32 = precision == Precision.FLOAT32;
        this.T = steps;
        this.H = hidden;
        this.h = new StateSequence(precision, batch, steps, hidden, training);
        this.dhAbove = training ? Tensor.zeros(precision, batch * steps, hidden) : null;
        this.dhNext = training ? Tensor.zeros(precision, batch, hidden) : null;
    }

    /** The SIMD rows when this cell's tensors are float32 and {@code pw} has them; else null: the cell's scalar rows. */
    final CellKernels simd(Pointwise pw) {
        return float32 ? pw.cells() : null;
    }

    /** σ(x) of the scalar rows; StrictMath keeps the bits the same interpreted and compiled. */
    static double sigmoid(double x) {
        return 1.0 / (1.0 + StrictMath.exp(-x));
    }

    public StateSequence hidden() {
        return h;
    }

    public Tensor dhAbove() {
        return dhAbove;
    }
}
