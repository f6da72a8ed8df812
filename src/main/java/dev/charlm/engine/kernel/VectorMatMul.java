package dev.charlm.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A register-blocked float32 product on the Java Vector API (256-bit lanes, FMA), working directly on
 * the float arrays behind ojalgo's R032Store. float64 operands go to the fallback kernel.
 *
 * <p>Plain and A-transposed products ({@code NN}, {@code TN}) keep a 4 × 3-vector tile of C in
 * registers (12 accumulators, 3 loads of B and 4 broadcasts of A per step of k), the shape that fits
 * the 16 AVX2 registers. B is read from panels of 24 columns ({@link PackedMatrix}): packed once by
 * the caller for weights, or here block by block for other operands. k is taken in blocks of
 * {@link #KC}, so a panel block stays in L1 while every row tile of C uses it. {@code NT} (B transposed,
 * unpacked) is a tile of 4 × 2 dot products, for generic use.
 *
 * <p>Determinism: each element of C is computed by one fixed sequence of operations (an FMA chain
 * from zero over each block of k, each block added to C in order), whichever tile, tail or partition
 * reaches it. Lanes are reduced one by one in order, never with {@code reduceLanes}, whose order is
 * unspecified.
 */
final class VectorMatMul implements MatMul {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    /** Columns of a register tile and of a packed panel. */
    private static final int NR = PackedMatrix.PANEL;
    /** Values of k summed in registers before C is updated: a 256 × 24 panel block (24 KB) stays in L1. */
    static final int KC = 256;

    private final MatMul fallback;

    VectorMatMul(MatMul fallback) {
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     Tensor a, int aOff, int lda, Tensor b, int bOff, int ldb,
                     boolean accumulate, Tensor c, int cOff, int ldc) {
        if (c.f == null || a.f == null || b.f == null) {
            fallback.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
            return;
        }
        if (m == 0 || n == 0) {
            return;
        }
        int ao = a.offset + aOff;
        int bo = b.offset + bOff;
        int co = c.offset + cOff;
        if (transB) {
            if (!transA) {
                nt(m, n, k, a.f, ao, lda, b.f, bo, ldb, c.f, co, ldc, accumulate);
            } else {
                tt(m, n, k, a.f, ao, lda, b.f, bo, ldb, c.f, co, ldc, accumulate);
            }
            return;
        }
        if (k == 0 && !accumulate) {
            zero(m, n, c.f, co, ldc);
        }
        Buffers buf = BUFFERS.get();
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kl = Math.min(KC, k - k0);
            float[] aArr = a.f;
            int aBase = ao + k0;
            int aStride = lda;
            if (transA) {
                aArr = buf.transposed(a.f, ao + k0 * lda, lda, m, kl);
                aBase = 0;
                aStride = KC;
            }
            // B is packed one panel block at a time, as it is used
            for (int j = 0; j < n; j += NR) {
                int valid = Math.min(NR, n - j);
                float[] panel = buf.panel;
                for (int kk = 0; kk < kl; kk++) {
                    System.arraycopy(b.f, bo + (k0 + kk) * ldb + j, panel, kk * NR, valid);
                    if (valid < NR) {
                        java.util.Arrays.fill(panel, kk * NR + valid, kk * NR + NR, 0f);
                    }
                }
                rowTiles(m, kl, aArr, aBase, aStride, panel, 0, c.f, co + j, ldc, valid, accumulate || k0 > 0);
            }
        }
    }

    @Override
    public void gemm(boolean transA, int m, int n, int k, Tensor a, int aOff, int lda, PackedMatrix b, int col0,
                     boolean accumulate, Tensor c, int cOff, int ldc) {
        if (c.f == null || a.f == null || b.panels == null) {
            fallback.gemm(transA, m, n, k, a, aOff, lda, b, col0, accumulate, c, cOff, ldc);
            return;
        }
        if (k != b.k || col0 % NR != 0 || col0 + n > b.n) {
            throw new IllegalArgumentException("packed operand is " + b.k + "x" + b.n + "; asked for k=" + k + " columns ["
                    + col0 + ", " + (col0 + n) + ")");
        }
        if (m == 0 || n == 0) {
            return;
        }
        int ao = a.offset + aOff;
        int co = c.offset + cOff;
        if (k == 0 && !accumulate) {
            zero(m, n, c.f, co, ldc);
        }
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kl = Math.min(KC, k - k0);
            float[] aArr = a.f;
            int aBase = ao + k0;
            int aStride = lda;
            if (transA) {
                aArr = BUFFERS.get().transposed(a.f, ao + k0 * lda, lda, m, kl);
                aBase = 0;
                aStride = KC;
            }
            for (int j = 0; j < n; j += NR) {
                int valid = Math.min(NR, n - j);
                int panel = ((col0 + j) / NR) * k * NR + k0 * NR;
                rowTiles(m, kl, aArr, aBase, aStride, b.panels, panel, c.f, co + j, ldc, valid, accumulate || k0 > 0);
            }
        }
    }

    /** Per-thread scratch: one packed panel block of B, and a block of Aᵀ laid out as rows. */
    private static final class Buffers {
        final float[] panel = new float[KC * NR];
        /** One 4 × NR tile of C, for the partial last panel. */
        final float[] tile = new float[4 * NR];
        float[] rows = new float[0];

        /** The (m × kl) block Aᵀ of a (kl × m) block of A at {@code base} with stride lda, rows KC apart. */
        float[] transposed(float[] A, int base, int lda, int m, int kl) {
            if (rows.length < m * KC) {
                rows = new float[m * KC];
            }
            for (int p = 0; p < kl; p++) {
                int src = base + p * lda;
                for (int i = 0; i < m; i++) {
                    rows[i * KC + p] = A[src + i];
                }
            }
            return rows;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    // ---- C (+)= A · one panel block of B (kl rows of NR columns), 4 rows of C at a time ---------------
    // A's rows are contiguous in k (stride 1), so the JIT sees plain indexed loads it can range-check once.
    // Full panels and the partial last panel have separate tiles: one method that handles both grows too
    // large for C2 to inline every Vector API call into, and the calls left out run as slow Java code.

    private static void rowTiles(int m, int kl, float[] A, int a0, int lda, float[] P, int p0,
                                 float[] C, int c0, int ldc, int valid, boolean acc) {
        int i = 0;
        if (valid == NR) {
            for (; i + 4 <= m; i += 4) {
                tile4(kl, A, a0 + i * lda, lda, P, p0, C, c0 + i * ldc, ldc, acc);
            }
            for (; i < m; i++) {
                tile1(kl, A, a0 + i * lda, P, p0, C, c0 + i * ldc, acc);
            }
        } else {
            float[] out = BUFFERS.get().tile;
            for (; i + 4 <= m; i += 4) {
                tile4(kl, A, a0 + i * lda, lda, P, p0, out, 0, NR, false);
                copyColumns(out, 4, C, c0 + i * ldc, ldc, valid, acc);
            }
            for (; i < m; i++) {
                tile1(kl, A, a0 + i * lda, P, p0, out, 0, false);
                copyColumns(out, 1, C, c0 + i * ldc, ldc, valid, acc);
            }
        }
    }

    private static void tile4(int kl, float[] A, int a0, int lda, float[] P, int p0,
                              float[] C, int c0, int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < kl; p++) {
            int bp = p0 + p * NR;
            FloatVector b0v = FloatVector.fromArray(S, P, bp);
            FloatVector b1v = FloatVector.fromArray(S, P, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, P, bp + 2 * L);
            FloatVector av = FloatVector.broadcast(S, A[a0 + p]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            c02 = av.fma(b2v, c02);
            av = FloatVector.broadcast(S, A[a1 + p]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            c12 = av.fma(b2v, c12);
            av = FloatVector.broadcast(S, A[a2 + p]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            c22 = av.fma(b2v, c22);
            av = FloatVector.broadcast(S, A[a3 + p]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
            c32 = av.fma(b2v, c32);
        }
        store(c00, C, c0, acc);
        store(c01, C, c0 + L, acc);
        store(c02, C, c0 + 2 * L, acc);
        store(c10, C, c0 + ldc, acc);
        store(c11, C, c0 + ldc + L, acc);
        store(c12, C, c0 + ldc + 2 * L, acc);
        store(c20, C, c0 + 2 * ldc, acc);
        store(c21, C, c0 + 2 * ldc + L, acc);
        store(c22, C, c0 + 2 * ldc + 2 * L, acc);
        store(c30, C, c0 + 3 * ldc, acc);
        store(c31, C, c0 + 3 * ldc + L, acc);
        store(c32, C, c0 + 3 * ldc + 2 * L, acc);
    }

    private static void tile1(int kl, float[] A, int a0, float[] P, int p0, float[] C, int c0, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        for (int p = 0; p < kl; p++) {
            int bp = p0 + p * NR;
            FloatVector av = FloatVector.broadcast(S, A[a0 + p]);
            c00 = av.fma(FloatVector.fromArray(S, P, bp), c00);
            c01 = av.fma(FloatVector.fromArray(S, P, bp + L), c01);
            c02 = av.fma(FloatVector.fromArray(S, P, bp + 2 * L), c02);
        }
        store(c00, C, c0, acc);
        store(c01, C, c0 + L, acc);
        store(c02, C, c0 + 2 * L, acc);
    }

    /** Moves the first {@code valid} columns of {@code rows} tile rows (NR apart in {@code out}) into C. */
    private static void copyColumns(float[] out, int rows, float[] C, int c0, int ldc, int valid, boolean acc) {
        for (int r = 0; r < rows; r++) {
            int dst = c0 + r * ldc;
            int src = r * NR;
            for (int j = 0; j < valid; j++) {
                C[dst + j] = acc ? C[dst + j] + out[src + j] : out[src + j];
            }
        }
    }

    private static void store(FloatVector v, float[] C, int idx, boolean acc) {
        (acc ? FloatVector.fromArray(S, C, idx).add(v) : v).intoArray(C, idx);
    }

    private static void zero(int m, int n, float[] C, int c0, int ldc) {
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(C, c0 + i * ldc, c0 + i * ldc + n, 0f);
        }
    }

    // ---- C = A · Bᵀ: dot products of rows ------------------------------------------------------

    private static void nt(int m, int n, int k, float[] A, int ao, int lda, float[] B, int bo, int ldb,
                           float[] C, int co, int ldc, boolean acc) {
        int kv = k - k % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 2 <= n; j += 2) {
                dots4x2(k, kv, A, ao + i * lda, lda, B, bo + j * ldb, ldb, C, co + i * ldc + j, ldc, acc);
            }
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) {
                    dot1x1(k, kv, A, ao + (i + r) * lda, B, bo + j * ldb, C, co + (i + r) * ldc + j, acc);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                dot1x1(k, kv, A, ao + i * lda, B, bo + j * ldb, C, co + i * ldc + j, acc);
            }
        }
    }

    private static void dots4x2(int k, int kv, float[] A, int a0, int lda, float[] B, int b0, int ldb,
                                float[] C, int c0, int ldc, boolean acc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
        FloatVector s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, b1 = b0 + ldb;
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, B, b0 + p);
            FloatVector x1 = FloatVector.fromArray(S, B, b1 + p);
            FloatVector av = FloatVector.fromArray(S, A, a0 + p);
            s00 = av.fma(x0, s00);
            s01 = av.fma(x1, s01);
            av = FloatVector.fromArray(S, A, a1 + p);
            s10 = av.fma(x0, s10);
            s11 = av.fma(x1, s11);
            av = FloatVector.fromArray(S, A, a2 + p);
            s20 = av.fma(x0, s20);
            s21 = av.fma(x1, s21);
            av = FloatVector.fromArray(S, A, a3 + p);
            s30 = av.fma(x0, s30);
            s31 = av.fma(x1, s31);
        }
        finishDot(s00, k, kv, A, a0, B, b0, C, c0, acc);
        finishDot(s01, k, kv, A, a0, B, b1, C, c0 + 1, acc);
        finishDot(s10, k, kv, A, a1, B, b0, C, c0 + ldc, acc);
        finishDot(s11, k, kv, A, a1, B, b1, C, c0 + ldc + 1, acc);
        finishDot(s20, k, kv, A, a2, B, b0, C, c0 + 2 * ldc, acc);
        finishDot(s21, k, kv, A, a2, B, b1, C, c0 + 2 * ldc + 1, acc);
        finishDot(s30, k, kv, A, a3, B, b0, C, c0 + 3 * ldc, acc);
        finishDot(s31, k, kv, A, a3, B, b1, C, c0 + 3 * ldc + 1, acc);
    }

    private static void dot1x1(int k, int kv, float[] A, int a0, float[] B, int b0, float[] C, int c0, boolean acc) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            s = FloatVector.fromArray(S, A, a0 + p).fma(FloatVector.fromArray(S, B, b0 + p), s);
        }
        finishDot(s, k, kv, A, a0, B, b0, C, c0, acc);
    }

    /** Lanes summed in order 0..L-1, then the k tail, then added to C: one fixed sequence per element. */
    private static void finishDot(FloatVector lanes, int k, int kv, float[] A, int a0, float[] B, int b0,
                                  float[] C, int c0, boolean acc) {
        float s = lanes.lane(0);
        for (int l = 1; l < L; l++) {
            s += lanes.lane(l);
        }
        for (int p = kv; p < k; p++) {
            s = Math.fma(A[a0 + p], B[b0 + p], s);
        }
        C[c0] = acc ? C[c0] + s : s;
    }

    // ---- C = Aᵀ · Bᵀ (rare; plain loops) -------------------------------------------------------

    private static void tt(int m, int n, int k, float[] A, int ao, int lda, float[] B, int bo, int ldb,
                           float[] C, int co, int ldc, boolean acc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(A[ao + p * lda + i], B[bo + j * ldb + p], s);
                }
                int ci = co + i * ldc + j;
                C[ci] = acc ? C[ci] + s : s;
            }
        }
    }
}
