package dev.charlm.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A register-blocked float32 product on the Java Vector API (the machine's SIMD width, FMA), working directly on
 * the float arrays behind ojalgo's R032Store. float64 operands go to the fallback kernel.
 *
 * <p>Plain and A-transposed products ({@code NN}, {@code TN}) keep a 4 × 3-vector tile of C in
 * registers (12 accumulators, 3 loads of B and 4 broadcasts of A per step of k), the shape that fits
 * the 16 AVX2 registers. B is read from panels of three vectors' width ({@link PackedMatrix}): packed once by
 * the caller for weights, or here block by block for other operands; a transposed A has tiles of its
 * own, so each inner loop reads A at one fixed pattern. k is taken in blocks of {@link #KC}, so a panel
 * block stays in L1 while every row tile of C uses it. {@code NT} (B transposed,
 * unpacked) is a tile of 4 × 2 dot products, for generic use.
 *
 * <p>Determinism: each element of C is computed by one fixed sequence of operations (an FMA chain
 * from zero over each block of k, each block added to C in order), whichever tile, tail or partition
 * reaches it. Lanes are reduced one by one in order, never with {@code reduceLanes}, whose order is
 * unspecified.
 *
 * <p>The private loops below ({@code rowTiles}, {@code nt}, {@code tt}, the dot tiles) take raw arrays,
 * offsets and strides positionally, BLAS-style, on purpose: they are the innermost code of every
 * product, called per tile, and {@link #gemm} has already unpacked the named {@link Operand}s once.
 */
final class VectorMatMul implements MatMul {

    private static final VectorSpecies<Float> S = VectorShape.FLOATS;
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
    public void gemm(boolean transA, boolean transB, int m, int n, int k, Operand A, Operand B, boolean accumulate, Operand C) {
        Tensor a = A.t(), b = B.t(), c = C.t();
        if (c.f == null || a.f == null || b.f == null) {
            fallback.gemm(transA, transB, m, n, k, A, B, accumulate, C);
            return;
        }
        int aOff = A.offset(), lda = A.ld(), bOff = B.offset(), ldb = B.ld(), cOff = C.offset(), ldc = C.ld();
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
            int aBase = transA ? ao + k0 * lda : ao + k0;
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
                rowTiles(transA, m, kl, a.f, aBase, lda, panel, 0, c.f, co + j, ldc, valid, accumulate || k0 > 0);
            }
        }
    }

    @Override
    public void gemm(boolean transA, int m, int n, int k, Operand A, PackedMatrix b, int col0, boolean accumulate, Operand C) {
        Tensor a = A.t(), c = C.t();
        if (c.f == null || a.f == null || b.panels == null) {
            fallback.gemm(transA, m, n, k, A, b, col0, accumulate, C);
            return;
        }
        int aOff = A.offset(), lda = A.ld(), cOff = C.offset(), ldc = C.ld();
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
        int m4 = m - m % 4;
        int rs = transA ? 1 : lda;
        int cs = transA ? lda : 1;
        float[] out = BUFFERS.get().tile;
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kl = Math.min(KC, k - k0);
            int aBase = transA ? ao + k0 * lda : ao + k0;
            boolean acc = accumulate || k0 > 0;
            for (int j = 0; j < n; j += NR) {
                int valid = Math.min(NR, n - j);
                int panel = ((col0 + j) / NR) * k * NR + k0 * NR;
                rowTiles(transA, m4, kl, a.f, aBase, lda, b.panels, panel, c.f, co + j, ldc, valid, acc);
            }
            // rows left over (a single stream when sampling): two panels at a time, six accumulator chains
            // instead of three, so the FMA latency is hidden
            for (int i = m4; i < m; i++) {
                int j = 0;
                for (; j + 2 * NR <= n; j += 2 * NR) {
                    int panel = ((col0 + j) / NR) * k * NR + k0 * NR;
                    tile1x2(kl, a.f, aBase + i * rs, cs, b.panels, panel, panel + k * NR, out);
                    addRow(out, 0, c.f, co + i * ldc + j, 2 * NR, acc);
                }
                for (; j < n; j += NR) {
                    int panel = ((col0 + j) / NR) * k * NR + k0 * NR;
                    tile1(kl, a.f, aBase + i * rs, cs, b.panels, panel, out);
                    addTile(out, 1, c.f, co + i * ldc + j, ldc, Math.min(NR, n - j), acc);
                }
            }
        }
    }

    /** Per-thread scratch: one packed panel block of B, and one tile of C. */
    private static final class Buffers {
        final float[] panel = new float[KC * NR];
        /** One 4 × NR tile of C, for the partial last panel. */
        final float[] tile = new float[4 * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    // ---- C (+)= A · one panel block of B (kl rows of NR columns), 4 rows of C at a time ---------------
    // A tile method holds only its loop and writes its sums to a small scratch tile; adding the tile to C
    // is a separate method. Tile methods then stay small enough for C2 to turn every Vector API call
    // into SIMD instructions: in a larger method C2 stops inlining past its node-count cutoff, and the
    // calls left out run as plain Java, several times slower.

    /**
     * A plain A has row i at a0 + i·lda and steps of k at stride 1; a transposed one (A stored as k × m)
     * has row i at a0 + i and steps of k at stride lda. Each case has its own tiles, whose inner loop
     * reads A at a fixed pattern.
     */
    private static void rowTiles(boolean transA, int m, int kl, float[] A, int a0, int lda, float[] P, int p0,
                                 float[] C, int c0, int ldc, int valid, boolean acc) {
        float[] out = BUFFERS.get().tile;
        int rs = transA ? 1 : lda;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            if (transA) {
                tile4T(kl, A, a0 + i, lda, P, p0, out);
            } else {
                tile4(kl, A, a0 + i * lda, lda, P, p0, out);
            }
            addTile(out, 4, C, c0 + i * ldc, ldc, valid, acc);
        }
        for (; i < m; i++) {
            tile1(kl, A, a0 + i * rs, transA ? lda : 1, P, p0, out);
            addTile(out, 1, C, c0 + i * ldc, ldc, valid, acc);
        }
    }

    /** out (4 × NR) = rows a0, a0 + lda, ... of A times the panel block. */
    private static void tile4(int kl, float[] A, int a0, int lda, float[] P, int p0, float[] out) {
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
        c00.intoArray(out, 0);
        c01.intoArray(out, L);
        c02.intoArray(out, 2 * L);
        c10.intoArray(out, NR);
        c11.intoArray(out, NR + L);
        c12.intoArray(out, NR + 2 * L);
        c20.intoArray(out, 2 * NR);
        c21.intoArray(out, 2 * NR + L);
        c22.intoArray(out, 2 * NR + 2 * L);
        c30.intoArray(out, 3 * NR);
        c31.intoArray(out, 3 * NR + L);
        c32.intoArray(out, 3 * NR + 2 * L);
    }

    /** out (4 × NR) = columns a0 .. a0 + 3 of a transposed A (rows of k at stride lda) times the panel block. */
    private static void tile4T(int kl, float[] A, int a0, int lda, float[] P, int p0, float[] out) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        for (int p = 0; p < kl; p++) {
            int bp = p0 + p * NR;
            int ap = a0 + p * lda;   // A(i0 + r, k0 + p) = A[ap + r]
            FloatVector b0v = FloatVector.fromArray(S, P, bp);
            FloatVector b1v = FloatVector.fromArray(S, P, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, P, bp + 2 * L);
            FloatVector av = FloatVector.broadcast(S, A[ap]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            c02 = av.fma(b2v, c02);
            av = FloatVector.broadcast(S, A[ap + 1]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            c12 = av.fma(b2v, c12);
            av = FloatVector.broadcast(S, A[ap + 2]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            c22 = av.fma(b2v, c22);
            av = FloatVector.broadcast(S, A[ap + 3]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
            c32 = av.fma(b2v, c32);
        }
        c00.intoArray(out, 0);
        c01.intoArray(out, L);
        c02.intoArray(out, 2 * L);
        c10.intoArray(out, NR);
        c11.intoArray(out, NR + L);
        c12.intoArray(out, NR + 2 * L);
        c20.intoArray(out, 2 * NR);
        c21.intoArray(out, 2 * NR + L);
        c22.intoArray(out, 2 * NR + 2 * L);
        c30.intoArray(out, 3 * NR);
        c31.intoArray(out, 3 * NR + L);
        c32.intoArray(out, 3 * NR + 2 * L);
    }

    /** out (1 × NR) = one row of A (steps of k at stride cs) times the panel block. */
    private static void tile1(int kl, float[] A, int a0, int cs, float[] P, int p0, float[] out) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        for (int p = 0; p < kl; p++) {
            int bp = p0 + p * NR;
            FloatVector av = FloatVector.broadcast(S, A[a0 + p * cs]);
            c00 = av.fma(FloatVector.fromArray(S, P, bp), c00);
            c01 = av.fma(FloatVector.fromArray(S, P, bp + L), c01);
            c02 = av.fma(FloatVector.fromArray(S, P, bp + 2 * L), c02);
        }
        c00.intoArray(out, 0);
        c01.intoArray(out, L);
        c02.intoArray(out, 2 * L);
    }

    /** out (1 × 2·NR) = one row of A times two panel blocks: panel a's sums, then panel b's. */
    private static void tile1x2(int kl, float[] A, int a0, int cs, float[] P, int pa, int pb, float[] out) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        for (int p = 0; p < kl; p++) {
            FloatVector av = FloatVector.broadcast(S, A[a0 + p * cs]);
            int ba = pa + p * NR;
            int bb = pb + p * NR;
            c00 = av.fma(FloatVector.fromArray(S, P, ba), c00);
            c01 = av.fma(FloatVector.fromArray(S, P, ba + L), c01);
            c02 = av.fma(FloatVector.fromArray(S, P, ba + 2 * L), c02);
            c10 = av.fma(FloatVector.fromArray(S, P, bb), c10);
            c11 = av.fma(FloatVector.fromArray(S, P, bb + L), c11);
            c12 = av.fma(FloatVector.fromArray(S, P, bb + 2 * L), c12);
        }
        c00.intoArray(out, 0);
        c01.intoArray(out, L);
        c02.intoArray(out, 2 * L);
        c10.intoArray(out, NR);
        c11.intoArray(out, NR + L);
        c12.intoArray(out, NR + 2 * L);
    }

    /** C[c0 .. c0 + n) (+)= out[src .. src + n), n a multiple of the vector length. */
    private static void addRow(float[] out, int src, float[] C, int c0, int n, boolean acc) {
        for (int v = 0; v < n; v += L) {
            FloatVector x = FloatVector.fromArray(S, out, src + v);
            (acc ? FloatVector.fromArray(S, C, c0 + v).add(x) : x).intoArray(C, c0 + v);
        }
    }

    /** C (+)= the first {@code valid} columns of {@code rows} rows of a tile. */
    private static void addTile(float[] out, int rows, float[] C, int c0, int ldc, int valid, boolean acc) {
        for (int r = 0; r < rows; r++) {
            int dst = c0 + r * ldc;
            int src = r * NR;
            if (valid == NR) {
                addRow(out, src, C, dst, NR, acc);
            } else {
                for (int j = 0; j < valid; j++) {
                    C[dst + j] = acc ? C[dst + j] + out[src + j] : out[src + j];
                }
            }
        }
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
