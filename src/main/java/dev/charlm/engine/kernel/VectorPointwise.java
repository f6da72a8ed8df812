package dev.charlm.engine.kernel;

import static dev.charlm.engine.kernel.FastMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 {@link Pointwise} and {@link CellKernels} on the Java Vector API: each row is processed a vector
 * at a time with the {@link FastMath} formulas, and the tail of a row that is not a whole number of vectors
 * with the same formulas in scalar code, so every element gets the same bits whichever path computes it.
 * The output's non-float32 tensors go to the scalar implementation; the cells call their SIMD rows on
 * float32 tensors only.
 */
final class VectorPointwise implements Pointwise, CellKernels {

    private static final VectorSpecies<Float> S = VectorShape.FLOATS;
    private static final int L = S.length();

    private final Pointwise scalar = new ScalarPointwise();

    // ---- vector forms of FastMath ----

    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LO).min(EXP_HI);
        // t holds round(x·log2 e) in its low mantissa bits (ROUND = 1.5·2^23), so 2^n comes from t's bits
        // with integer arithmetic: no float-to-int conversion, which Java 17's C2 does not intrinsify
        FloatVector t = x.mul(LOG2E).add(ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector z = r.mul(r);
        FloatVector y = r.fma(E0, E1);  // E0·r + E1, same value as Math.fma(E0, r, E1)
        y = y.fma(r, FloatVector.broadcast(S, E2));
        y = y.fma(r, FloatVector.broadcast(S, E3));
        y = y.fma(r, FloatVector.broadcast(S, E4));
        y = y.fma(r, FloatVector.broadcast(S, E5));
        y = y.fma(z, r).add(1f);
        FloatVector scale = t.reinterpretAsInts()
                .add(127 - Float.floatToRawIntBits(ROUND)).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(scale);
    }

    static FloatVector tanh(FloatVector x) {
        x = x.max(-TANH_CLAMP).min(TANH_CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(A13, A11);
        p = p.fma(x2, FloatVector.broadcast(S, A9));
        p = p.fma(x2, FloatVector.broadcast(S, A7));
        p = p.fma(x2, FloatVector.broadcast(S, A5));
        p = p.fma(x2, FloatVector.broadcast(S, A3));
        p = p.fma(x2, FloatVector.broadcast(S, A1));
        p = p.mul(x);
        FloatVector q = x2.fma(B6, B4);
        q = q.fma(x2, FloatVector.broadcast(S, B2));
        q = q.fma(x2, FloatVector.broadcast(S, B0));
        return p.div(q).max(-1f).min(1f);  // as FastMath.tanh: the rational overshoots ±1 near |x| = 8.5
    }

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    /** The cells' SIMD rows: this class, which the cells call on float32 tensors only. */
    @Override
    public CellKernels cells() {
        return this;
    }

    private static IllegalArgumentException notFloat32() {
        return new IllegalArgumentException("the SIMD cell kernels take float32 tensors only");
    }

    // Fixed arities, not varargs: where C2 does not inline the caller's kernel (the service's training, JFR), a
    // varargs array was allocated at every call, once per row.
    private static boolean f32(Tensor a, Tensor b) {
        return a.f != null && b.f != null;
    }

    private static boolean f32(Tensor a, Tensor b, Tensor c) {
        return f32(a, b) && c.f != null;
    }

    private static boolean f32(Row a, Row b) {
        return a.t().f != null && b.t().f != null;
    }

    private static boolean f32(Row a, Row b, Row c) {
        return f32(a, b) && c.t().f != null;
    }

    // ---- RNN ----

    @Override
    public void rnnForward(Row pre, Row h, int H) {
        if (!f32(pre, h)) {
            throw notFloat32();
        }
        float[] P = pre.t().f, Hh = h.t().f;
        int pi = pre.start(), hi = h.start();
        int j = 0;
        for (; j + L <= H; j += L) {
            tanh(load(P, pi + j)).intoArray(Hh, hi + j);
        }
        for (; j < H; j++) {
            Hh[hi + j] = FastMath.tanh(P[pi + j]);
        }
    }

    @Override
    public void rnnBackward(Row h, Row dhAbove, Row dhNext, Row dPre, int H) {
        if (!(f32(h, dhAbove) && f32(dhNext, dPre))) {
            throw notFloat32();
        }
        float[] Y = h.t().f, A = dhAbove.t().f, N = dhNext.t().f, D = dPre.t().f;
        int yi = h.start(), ai = dhAbove.start(), ni = dhNext.start(), di = dPre.start();
        int j = 0;
        for (; j + L <= H; j += L) {
            FloatVector y = load(Y, yi + j);
            FloatVector dh = load(A, ai + j).add(load(N, ni + j));
            dh.mul(y.fma(y.neg(), FloatVector.broadcast(S, 1f))).intoArray(D, di + j);
        }
        for (; j < H; j++) {
            float y = Y[yi + j];
            float dh = A[ai + j] + N[ni + j];
            D[di + j] = dh * Math.fma(y, -y, 1f);
        }
    }

    // ---- LSTM ----

    @Override
    public void lstmForward(Row gates, Row cPrev, Row c, Row tanhC, Row h, int H) {
        if (!(f32(gates, cPrev, c) && f32(tanhC, h))) {
            throw notFloat32();
        }
        float[] G = gates.t().f, CP = cPrev.t().f, C = c.t().f, TC = tanhC.t().f, Hh = h.t().f;
        int gi = gates.start(), cpi = cPrev.start(), ci = c.start(), ti = tanhC.start(), hi = h.start();
        // sigmoid on i, f and o, tanh on g, in place, then c = f·cPrev + i·g and tanh(c): five squashings through
        // one polynomial loop. sigmoid(x) = ½·tanh(½x) + ½, tanh(x) = 1·tanh(1·x) + 0 (-0 for tanh(c), which keeps
        // the sign of a zero, so it is tanh's own bits). One copy of the polynomial per method, because with a
        // second one the compilation passed C2's inlining node limit: the vector loads after it were left as
        // calls and every vector they returned was boxed (1.7 KB of garbage per row, the row 4x slower).
        for (int k = 0; k < 5; k++) {
            if (k == 4) {
                lstmCell(G, gi, CP, cpi, C, ci, TC, ti, H);
            }
            float scale = k == 2 || k == 4 ? 1f : 0.5f, shift = k == 2 ? 0f : k == 4 ? -0f : 0.5f;
            squash(k < 4 ? G : TC, k < 4 ? gi + k * H : ti, H, scale, shift);
        }
        int j = 0;
        for (; j + L <= H; j += L) {
            load(G, gi + 3 * H + j).mul(load(TC, ti + j)).intoArray(Hh, hi + j);
        }
        for (; j < H; j++) {
            Hh[hi + j] = G[gi + 3 * H + j] * TC[ti + j];
        }
    }

    /** x = scale·tanh(scale·x) + shift over n elements in place: the polynomial loop of the forward rows. */
    static void squash(float[] X, int from, int n, float scale, float shift) {
        int j = 0;
        for (; j + L <= n; j += L) {
            tanh(load(X, from + j).mul(scale)).fma(scale, shift).intoArray(X, from + j);
        }
        for (; j < n; j++) {
            X[from + j] = Math.fma(scale, FastMath.tanh(scale * X[from + j]), shift);
        }
    }

    /** c = f·cPrev + i·g from the squashed gates [i f g o], into c and (to be squashed) tanhC. */
    private static void lstmCell(float[] G, int gi, float[] CP, int cpi, float[] C, int ci, float[] TC, int ti, int H) {
        int j = 0;
        for (; j + L <= H; j += L) {
            FloatVector cv = load(G, gi + H + j).fma(load(CP, cpi + j), load(G, gi + j).mul(load(G, gi + 2 * H + j)));
            cv.intoArray(C, ci + j);
            cv.intoArray(TC, ti + j);
        }
        for (; j < H; j++) {
            float cv = Math.fma(G[gi + H + j], CP[cpi + j], G[gi + j] * G[gi + 2 * H + j]);
            C[ci + j] = cv;
            TC[ti + j] = cv;
        }
    }

    @Override
    public void lstmBackward(Row gates, Row cPrev, Row tanhC, Row dhAbove, Row dhNext, Row dcNext, Row dGates, int H) {
        if (!(f32(gates, cPrev, tanhC) && f32(dhAbove, dhNext) && f32(dcNext, dGates))) {
            throw notFloat32();
        }
        float[] G = gates.t().f, CP = cPrev.t().f, TC = tanhC.t().f, A = dhAbove.t().f, N = dhNext.t().f, DC = dcNext.t().f,
                DG = dGates.t().f;
        int gi = gates.start(), cpi = cPrev.start(), ti = tanhC.start(), ai = dhAbove.start(), ni = dhNext.start(),
                dci = dcNext.start(), dgi = dGates.start();
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j + L <= H; j += L) {
            FloatVector i = load(G, gi + j);
            FloatVector f = load(G, gi + H + j);
            FloatVector gg = load(G, gi + 2 * H + j);
            FloatVector o = load(G, gi + 3 * H + j);
            FloatVector t = load(TC, ti + j);
            FloatVector dh = load(A, ai + j).add(load(N, ni + j));
            FloatVector dcv = dh.mul(o).fma(t.fma(t.neg(), one), load(DC, dci + j));
            dcv.mul(gg).mul(i.fma(i.neg(), i)).intoArray(DG, dgi + j);
            dcv.mul(load(CP, cpi + j)).mul(f.fma(f.neg(), f)).intoArray(DG, dgi + H + j);
            dcv.mul(i).mul(gg.fma(gg.neg(), one)).intoArray(DG, dgi + 2 * H + j);
            dh.mul(t).mul(o.fma(o.neg(), o)).intoArray(DG, dgi + 3 * H + j);
            dcv.mul(f).intoArray(DC, dci + j);
        }
        for (; j < H; j++) {
            float i = G[gi + j], f = G[gi + H + j], gg = G[gi + 2 * H + j], o = G[gi + 3 * H + j];
            float t = TC[ti + j];
            float dh = A[ai + j] + N[ni + j];
            float dcv = Math.fma(dh * o, Math.fma(t, -t, 1f), DC[dci + j]);
            DG[dgi + j] = dcv * gg * Math.fma(i, -i, i);
            DG[dgi + H + j] = dcv * CP[cpi + j] * Math.fma(f, -f, f);
            DG[dgi + 2 * H + j] = dcv * i * Math.fma(gg, -gg, 1f);
            DG[dgi + 3 * H + j] = dh * t * Math.fma(o, -o, o);
            DC[dci + j] = dcv * f;
        }
    }

    // ---- GRU ----

    @Override
    public void gruForward(Row gates, Row gh, Row ghh, Row hPrev, Row h, int H) {
        if (!(f32(gates, gh, ghh) && f32(hPrev, h))) {
            throw notFloat32();
        }
        float[] G = gates.t().f, GH = gh.t().f, GHH = ghh.t().f, HP = hPrev.t().f, Hh = h.t().f;
        int gi = gates.start(), ghi = gh.start(), hhi = ghh.start(), hpi = hPrev.start(), hi = h.start();
        // z and r (adjacent) = sigmoid(gx + gh), then h~ = tanh(r·gh_h + gx_h), through one polynomial loop (see
        // lstmForward), then h
        for (int j = 0; j < 2 * H; j++) {
            G[gi + j] += GH[ghi + j];
        }
        for (int k = 0; k < 2; k++) {
            if (k == 1) {
                gruCandidate(G, gi, GH, ghi, GHH, hhi, H);
            }
            squash(G, gi + 2 * k * H, (2 - k) * H, k == 0 ? 0.5f : 1f, k == 0 ? 0.5f : -0f);
        }
        int j = 0;
        for (; j + L <= H; j += L) {
            // h = z·hPrev + (1 - z)·h~ = h~ + z·(hPrev - h~)
            FloatVector hh = load(G, gi + 2 * H + j);
            load(G, gi + j).fma(load(HP, hpi + j).sub(hh), hh).intoArray(Hh, hi + j);
        }
        for (; j < H; j++) {
            float hh = G[gi + 2 * H + j];
            Hh[hi + j] = Math.fma(G[gi + j], HP[hpi + j] - hh, hh);
        }
    }

    /**
     * The candidate's pre-activation r·gh_h + gx_h into the gates' third block, and gh_h (the recurrent part,
     * which the backward pass needs) into ghh.
     */
    private static void gruCandidate(float[] G, int gi, float[] GH, int ghi, float[] GHH, int hhi, int H) {
        int j = 0;
        for (; j + L <= H; j += L) {
            FloatVector hhPre = load(GH, ghi + 2 * H + j);
            load(G, gi + H + j).fma(hhPre, load(G, gi + 2 * H + j)).intoArray(G, gi + 2 * H + j);
            hhPre.intoArray(GHH, hhi + j);
        }
        for (; j < H; j++) {
            float hhPre = GH[ghi + 2 * H + j];
            G[gi + 2 * H + j] = Math.fma(G[gi + H + j], hhPre, G[gi + 2 * H + j]);
            GHH[hhi + j] = hhPre;
        }
    }

    @Override
    public void gruBackward(Row gates, Row ghh, Row hPrev, Row dhAbove, Row dhNext, Row dGates, Row dGh, int H) {
        if (!(f32(gates, ghh, hPrev) && f32(dhAbove, dhNext) && f32(dGates, dGh))) {
            throw notFloat32();
        }
        float[] G = gates.t().f, GHH = ghh.t().f, HP = hPrev.t().f, A = dhAbove.t().f, N = dhNext.t().f, DG = dGates.t().f,
                DGH = dGh.t().f;
        int gi = gates.start(), hhi = ghh.start(), hpi = hPrev.start(), ai = dhAbove.start(), ni = dhNext.start(),
                dgi = dGates.start(), dghi = dGh.start();
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j + L <= H; j += L) {
            FloatVector z = load(G, gi + j);
            FloatVector r = load(G, gi + H + j);
            FloatVector hh = load(G, gi + 2 * H + j);
            FloatVector dh = load(A, ai + j).add(load(N, ni + j));
            FloatVector dz = dh.mul(load(HP, hpi + j).sub(hh)).mul(z.fma(z.neg(), z));
            FloatVector dhhPre = dh.mul(one.sub(z)).mul(hh.fma(hh.neg(), one));
            FloatVector dr = dhhPre.mul(load(GHH, hhi + j)).mul(r.fma(r.neg(), r));
            dz.intoArray(DG, dgi + j);
            dr.intoArray(DG, dgi + H + j);
            dhhPre.intoArray(DG, dgi + 2 * H + j);
            dz.intoArray(DGH, dghi + j);
            dr.intoArray(DGH, dghi + H + j);
            dhhPre.mul(r).intoArray(DGH, dghi + 2 * H + j);
            dh.mul(z).intoArray(N, ni + j);
        }
        for (; j < H; j++) {
            float z = G[gi + j], r = G[gi + H + j], hh = G[gi + 2 * H + j];
            float dh = A[ai + j] + N[ni + j];
            float dz = dh * (HP[hpi + j] - hh) * Math.fma(z, -z, z);
            float dhhPre = dh * (1f - z) * Math.fma(hh, -hh, 1f);
            float dr = dhhPre * GHH[hhi + j] * Math.fma(r, -r, r);
            DG[dgi + j] = dz;
            DG[dgi + H + j] = dr;
            DG[dgi + 2 * H + j] = dhhPre;
            DGH[dghi + j] = dz;
            DGH[dghi + H + j] = dr;
            DGH[dghi + 2 * H + j] = dhhPre * r;
            N[ni + j] = dh * z;
        }
    }

    // ---- output ----

    @Override
    public double softmaxCrossEntropy(Tensor logits, int lo, int target, double weight, int V) {
        if (logits.f == null) {
            return scalar.softmaxCrossEntropy(logits, lo, target, weight, V);
        }
        float[] X = logits.f;
        int xi = logits.offset + lo;
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (V >= L) {
            FloatVector m = load(X, xi);
            for (j = L; j + L <= V; j += L) {
                m = m.max(load(X, xi + j));
            }
            max = m.reduceLanes(VectorOperators.MAX);  // max is exact in any order
        }
        for (; j < V; j++) {
            max = Math.max(max, X[xi + j]);
        }
        float xTarget = X[xi + target];
        FloatVector acc = FloatVector.zero(S);
        j = 0;
        for (; j + L <= V; j += L) {
            FloatVector e = exp(load(X, xi + j).sub(max));
            e.intoArray(X, xi + j);
            acc = acc.add(e);
        }
        float sum = 0f;
        for (int l = 0; l < L; l++) {
            sum += acc.lane(l);
        }
        for (; j < V; j++) {
            float e = FastMath.exp(X[xi + j] - max);
            X[xi + j] = e;
            sum += e;
        }
        double loss = (double) max + StrictMath.log(sum) - xTarget;
        float scale = (float) (weight / sum);
        j = 0;
        for (; j + L <= V; j += L) {
            load(X, xi + j).mul(scale).intoArray(X, xi + j);
        }
        for (; j < V; j++) {
            X[xi + j] *= scale;
        }
        X[xi + target] -= (float) weight;
        return loss;
    }

    @Override
    public void addBias(Tensor row, int ro, Tensor bias, int V) {
        if (!f32(row, bias)) {
            scalar.addBias(row, ro, bias, V);
            return;
        }
        add(row, ro, bias, 0, row, ro, V);
    }

    @Override
    public void add(Tensor a, int ao, Tensor b, int bo, Tensor dst, int d, int n) {
        if (!f32(a, b, dst)) {
            scalar.add(a, ao, b, bo, dst, d, n);
            return;
        }
        float[] A = a.f, B = b.f, D = dst.f;
        int ai = a.offset + ao, bi = b.offset + bo, di = dst.offset + d;
        int j = 0;
        for (; j + L <= n; j += L) {
            load(A, ai + j).add(load(B, bi + j)).intoArray(D, di + j);
        }
        for (; j < n; j++) {
            D[di + j] = A[ai + j] + B[bi + j];
        }
    }

    @Override
    public void sumRows(Tensor src, int rows, int cols, int c0, int c1, Tensor dst) {
        if (!f32(src, dst)) {
            scalar.sumRows(src, rows, cols, c0, c1, dst);
            return;
        }
        float[] S0 = src.f, D = dst.f;
        int si = src.offset, di = dst.offset;
        // column by column in vector-wide strips; within a column the rows are added in order
        int j = c0;
        for (; j + L <= c1; j += L) {
            FloatVector acc = load(D, di + j);
            for (int r = 0; r < rows; r++) {
                acc = acc.add(load(S0, si + r * cols + j));
            }
            acc.intoArray(D, di + j);
        }
        for (; j < c1; j++) {
            float acc = D[di + j];
            for (int r = 0; r < rows; r++) {
                acc += S0[si + r * cols + j];
            }
            D[di + j] = acc;
        }
    }

    @Override
    public void multiply(Tensor a, int ao, Tensor b, int bo, Tensor dst, int d, int n) {
        if (!f32(a, b, dst)) {
            scalar.multiply(a, ao, b, bo, dst, d, n);
            return;
        }
        float[] A = a.f, B = b.f, D = dst.f;
        int ai = a.offset + ao, bi = b.offset + bo, di = dst.offset + d;
        int j = 0;
        for (; j + L <= n; j += L) {
            load(A, ai + j).mul(load(B, bi + j)).intoArray(D, di + j);
        }
        for (; j < n; j++) {
            D[di + j] = A[ai + j] * B[bi + j];
        }
    }
}
