package dev.charlm.engine.kernel;

/**
 * A matrix operand of {@link MatMul#gemm}: a tensor, the index in it of element (0, 0) and the row
 * stride {@code ld}. Element (i, j) of a plain operand sits at {@code offset + i·ld + j}, of a transposed
 * one at {@code offset + j·ld + i}; strides let a caller multiply one time step of a batch-major buffer,
 * or part of a batch, without copying.
 *
 * @param t      the tensor
 * @param offset index in {@code t} of element (0, 0)
 * @param ld     row stride (BLAS's leading dimension)
 */
public record Operand(Tensor t, int offset, int ld) {
}
