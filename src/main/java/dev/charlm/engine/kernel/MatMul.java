package dev.charlm.engine.kernel;

/**
 * The one matrix product of the engine: {@code C (+)= op(A) · op(B)}, where op(A) is (m × k), op(B) is
 * (k × n) and C is (m × n). Every product in training, sampling and scoring goes through here, so the
 * kernel behind it can be swapped (ojalgo's product, the Vector API kernel).
 *
 * <p>Each operand is an {@link Operand}: its tensor, the index of element (0, 0) in it and its row
 * stride {@code ld}, BLAS's leading dimension. Strides let a caller multiply one time step of a
 * batch-major buffer, or half of a batch, without copying.
 *
 * <p>Contract for determinism: every element of C is computed by the same sequence of operations
 * whatever part of C a call covers (for the vector kernel: an FMA chain over each block of
 * {@code VectorMatMul.KC} values of k, from zero, each block's sum then added to C in order). Splitting
 * a product by rows or columns across threads therefore never changes a bit of the result.
 */
public interface MatMul {

    void gemm(boolean transA, boolean transB, int m, int n, int k, Operand a, Operand b, boolean accumulate, Operand c);

    /**
     * C (+)= op(A) · B[:, col0 .. col0 + n) with B pre-packed. {@code col0} must be a multiple of
     * {@link PackedMatrix#PANEL}, so that threads can split a product by panels of columns.
     */
    void gemm(boolean transA, int m, int n, int k, Operand a, PackedMatrix b, int col0, boolean accumulate, Operand c);

    /** Short name for logs and benchmark lines: {@code vector} or {@code ojalgo}. */
    String name();

    /** Whole-tensor convenience: C (+)= op(A) · op(B). */
    default void multiply(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, boolean accumulate) {
        int m = transA ? a.cols : a.rows;
        int k = transA ? a.rows : a.cols;
        int kb = transB ? b.cols : b.rows;
        int n = transB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n) {
            throw new IllegalArgumentException("shapes " + m + "x" + k + " · " + kb + "x" + n + " -> " + c.rows + "x" + c.cols);
        }
        gemm(transA, transB, m, n, k, new Operand(a, 0, a.cols), new Operand(b, 0, b.cols), accumulate,
                new Operand(c, 0, c.cols));
    }
}
