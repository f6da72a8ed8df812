package dev.charlm.engine.kernel;

/**
 * The element-wise kernels of the output layer and the network's plumbing (softmax cross-entropy,
 * bias rows, sums, dropout products), and the way to the cells' SIMD kernels. Every method works on
 * one row or one run of elements, each given as a tensor and an element index inside it (plain ints,
 * so the per-row calls allocate nothing).
 *
 * <p>Two implementations: {@link ScalarPointwise} (any precision, double arithmetic, obviously
 * correct; the float64 path and the reference in tests) and {@link VectorPointwise} (float32 SIMD).
 */
public interface Pointwise {

    /**
     * The float32 SIMD forms of the cells' element-wise rows, or null when the cells are to run their
     * own scalar rows (the reference, in double arithmetic).
     */
    CellKernels cells();

    // ---- output ----

    /**
     * Softmax cross-entropy of one row of V logits against {@code target}: returns -log p[target] in
     * nats and overwrites the row with weight · (p - onehot(target)), the gradient of weight · loss.
     */
    double softmaxCrossEntropy(Tensor logits, int lo, int target, double weight, int V);

    /** Adds row vector {@code bias} (V wide, index 0) to a row. */
    void addBias(Tensor row, int ro, Tensor bias, int V);

    /** dst = a + b, element-wise over n elements. */
    void add(Tensor a, int ao, Tensor b, int bo, Tensor dst, int d, int n);

    /**
     * dst[j] += Σ_r src[r·cols + j] for columns j in [c0, c1), rows summed in order (a bias gradient).
     */
    void sumRows(Tensor src, int rows, int cols, int c0, int c1, Tensor dst);

    /** dst = a ⊙ b, element-wise over n elements. */
    void multiply(Tensor a, int ao, Tensor b, int bo, Tensor dst, int d, int n);
}
