package dev.charlm.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A register-blocked float32 product on the Java Vector API (256-bit lanes, FMA), working directly on
 * the float arrays behind ojalgo's R032Store. float64 operands go to the fallback kernel.
 *
 * <p>Plain and A-transposed products ({@code NN}, {@code TN}) keep a 4 × 3-vector tile of C in
 * registers (12 accumulators, 3 loads of a row of B and 4 broadcasts of A per step of k), the shape
 * that fits the 16 AVX2 registers. {@code NT} (B transposed) is a tile of 4 × 2 dot products over k.
 *
 * <p>Determinism: each element of C is computed by one fixed sequence of operations (see
 * {@link MatMul}), whichever tile or tail path reaches it, so results never depend on how a caller
 * partitions the product. Lanes are reduced one by one in order, never with {@code reduceLanes}, whose
 * order is unspecified.
 */
final class VectorMatMul implements MatMul {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();

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
        if (!transB) {
            // a(i, p) = A[ao + i·rsA + p·csA]
            int rsA = transA ? 1 : lda;
            int csA = transA ? lda : 1;
            nn(m, n, k, a.f, ao, rsA, csA, b.f, bo, ldb, c.f, co, ldc, accumulate);
        } else if (!transA) {
            nt(m, n, k, a.f, ao, lda, b.f, bo, ldb, c.f, co, ldc, accumulate);
        } else {
            tt(m, n, k, a.f, ao, lda, b.f, bo, ldb, c.f, co, ldc, accumulate);
        }
    }

    // ---- C = op(A) · B --------------------------------------------------------------------------

    private static void nn(int m, int n, int k, float[] A, int ao, int rsA, int csA,
                           float[] B, int bo, int ldb, float[] C, int co, int ldc, boolean acc) {
        int j = 0;
        for (; j + 3 * L <= n; j += 3 * L) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x3(k, A, ao + i * rsA, rsA, csA, B, bo + j, ldb, C, co + i * ldc + j, ldc, acc);
            }
            for (; i < m; i++) {
                tile1x3(k, A, ao + i * rsA, csA, B, bo + j, ldb, C, co + i * ldc + j, acc);
            }
        }
        for (; j + L <= n; j += L) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x1(k, A, ao + i * rsA, rsA, csA, B, bo + j, ldb, C, co + i * ldc + j, ldc, acc);
            }
            for (; i < m; i++) {
                tile1x1(k, A, ao + i * rsA, csA, B, bo + j, ldb, C, co + i * ldc + j, acc);
            }
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                float s = 0f;
                int ai = ao + i * rsA;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(A[ai + p * csA], B[bo + p * ldb + j], s);
                }
                int ci = co + i * ldc + j;
                C[ci] = acc ? C[ci] + s : s;
            }
        }
    }

    private static void tile4x3(int k, float[] A, int a0, int rsA, int csA, float[] B, int b0, int ldb,
                                float[] C, int c0, int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        int a1 = a0 + rsA, a2 = a1 + rsA, a3 = a2 + rsA;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(S, B, bp);
            FloatVector b1v = FloatVector.fromArray(S, B, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, B, bp + 2 * L);
            int ap = p * csA;
            FloatVector av = FloatVector.broadcast(S, A[a0 + ap]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            c02 = av.fma(b2v, c02);
            av = FloatVector.broadcast(S, A[a1 + ap]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            c12 = av.fma(b2v, c12);
            av = FloatVector.broadcast(S, A[a2 + ap]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            c22 = av.fma(b2v, c22);
            av = FloatVector.broadcast(S, A[a3 + ap]);
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

    private static void tile1x3(int k, float[] A, int a0, int csA, float[] B, int b0, int ldb,
                                float[] C, int c0, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector av = FloatVector.broadcast(S, A[a0 + p * csA]);
            c00 = av.fma(FloatVector.fromArray(S, B, bp), c00);
            c01 = av.fma(FloatVector.fromArray(S, B, bp + L), c01);
            c02 = av.fma(FloatVector.fromArray(S, B, bp + 2 * L), c02);
        }
        store(c00, C, c0, acc);
        store(c01, C, c0 + L, acc);
        store(c02, C, c0 + 2 * L, acc);
    }

    private static void tile4x1(int k, float[] A, int a0, int rsA, int csA, float[] B, int b0, int ldb,
                                float[] C, int c0, int ldc, boolean acc) {
        FloatVector c0v = FloatVector.zero(S), c1v = c0v, c2v = c0v, c3v = c0v;
        int a1 = a0 + rsA, a2 = a1 + rsA, a3 = a2 + rsA;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, B, b0 + p * ldb);
            int ap = p * csA;
            c0v = FloatVector.broadcast(S, A[a0 + ap]).fma(bv, c0v);
            c1v = FloatVector.broadcast(S, A[a1 + ap]).fma(bv, c1v);
            c2v = FloatVector.broadcast(S, A[a2 + ap]).fma(bv, c2v);
            c3v = FloatVector.broadcast(S, A[a3 + ap]).fma(bv, c3v);
        }
        store(c0v, C, c0, acc);
        store(c1v, C, c0 + ldc, acc);
        store(c2v, C, c0 + 2 * ldc, acc);
        store(c3v, C, c0 + 3 * ldc, acc);
    }

    private static void tile1x1(int k, float[] A, int a0, int csA, float[] B, int b0, int ldb,
                                float[] C, int c0, boolean acc) {
        FloatVector cv = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            cv = FloatVector.broadcast(S, A[a0 + p * csA]).fma(FloatVector.fromArray(S, B, b0 + p * ldb), cv);
        }
        store(cv, C, c0, acc);
    }

    private static void store(FloatVector v, float[] C, int idx, boolean acc) {
        (acc ? FloatVector.fromArray(S, C, idx).add(v) : v).intoArray(C, idx);
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
