package dev.charlm.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.CellKernels;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Row;
import dev.charlm.engine.kernel.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cells' float32 SIMD rows (kernel package) against the cells' own scalar rows in double
 * arithmetic, on rows whose width (13) leaves a scalar tail after one vector.
 */
class CellRowsTest {

    private static final int H = 13;
    private CellKernels fast;

    @BeforeEach
    void vectorModulePresent() {
        assumeTrue(Kernels.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        fast = Kernels.pointwise(Precision.FLOAT32).cells();
    }

    private static Tensor random(int n, long seed, double scale) {
        Tensor t = Tensor.zeros(Precision.FLOAT32, 1, n);
        Rng r = new Rng(seed);
        for (int i = 0; i < n; i++) {
            t.set(i, scale * (2 * r.nextDouble() - 1));
        }
        return t;
    }

    private static Tensor copy(Tensor t) {
        Tensor c = Tensor.zeros(t.precision(), t.rows, t.cols);
        c.copyFrom(t);
        return c;
    }

    private static void assertClose(Tensor got, Tensor want, String what) {
        for (int i = 0; i < want.size(); i++) {
            assertThat(got.get(i)).as("%s[%d]", what, i).isCloseTo(want.get(i), within(2e-6 * (1 + Math.abs(want.get(i)))));
        }
    }

    @Test
    void lstmForwardAndBackwardMatchTheReference() {
        Tensor gates = random(4 * H, 1, 3), cPrev = random(H, 2, 1), dhA = random(H, 3, 1), dhN = random(H, 4, 1), dcN = random(H, 5, 1);
        Tensor g1 = copy(gates), g2 = copy(gates);
        Tensor c1 = random(H, 0, 0), c2 = random(H, 0, 0), t1 = random(H, 0, 0), t2 = random(H, 0, 0), h1 = random(H, 0, 0), h2 = random(H, 0, 0);
        fast.lstmForward(new Row(g1, 0), new Row(cPrev, 0), new Row(c1, 0), new Row(t1, 0), new Row(h1, 0), H);
        LstmCell.forwardRow(new Row(g2, 0), new Row(cPrev, 0), new Row(c2, 0), new Row(t2, 0), new Row(h2, 0), H);
        assertClose(g1, g2, "gates");
        assertClose(c1, c2, "c");
        assertClose(h1, h2, "h");
        Tensor d1 = random(4 * H, 0, 0), d2 = random(4 * H, 0, 0), dc1 = copy(dcN), dc2 = copy(dcN);
        fast.lstmBackward(new Row(g2, 0), new Row(cPrev, 0), new Row(t2, 0), new Row(dhA, 0), new Row(dhN, 0), new Row(dc1, 0), new Row(d1, 0), H);
        LstmCell.backwardRow(new Row(g2, 0), new Row(cPrev, 0), new Row(t2, 0), new Row(dhA, 0), new Row(dhN, 0), new Row(dc2, 0), new Row(d2, 0), H);
        assertClose(d1, d2, "dGates");
        assertClose(dc1, dc2, "dcNext");
    }

    @Test
    void gruForwardAndBackwardMatchTheReference() {
        Tensor gates = random(3 * H, 6, 3), gh = random(3 * H, 7, 3), hPrev = random(H, 8, 1), dhA = random(H, 9, 1), dhN = random(H, 10, 1);
        Tensor g1 = copy(gates), g2 = copy(gates), ghh1 = random(H, 0, 0), ghh2 = random(H, 0, 0), h1 = random(H, 0, 0), h2 = random(H, 0, 0);
        fast.gruForward(new Row(g1, 0), new Row(gh, 0), new Row(ghh1, 0), new Row(hPrev, 0), new Row(h1, 0), H);
        GruCell.forwardRow(new Row(g2, 0), new Row(gh, 0), new Row(ghh2, 0), new Row(hPrev, 0), new Row(h2, 0), H);
        assertClose(g1, g2, "gates");
        assertClose(ghh1, ghh2, "ghh");
        assertClose(h1, h2, "h");
        Tensor dg1 = random(3 * H, 0, 0), dg2 = random(3 * H, 0, 0), dgh1 = random(3 * H, 0, 0), dgh2 = random(3 * H, 0, 0);
        Tensor n1 = copy(dhN), n2 = copy(dhN);
        fast.gruBackward(new Row(g2, 0), new Row(ghh2, 0), new Row(hPrev, 0), new Row(dhA, 0), new Row(n1, 0), new Row(dg1, 0), new Row(dgh1, 0), H);
        GruCell.backwardRow(new Row(g2, 0), new Row(ghh2, 0), new Row(hPrev, 0), new Row(dhA, 0), new Row(n2, 0), new Row(dg2, 0), new Row(dgh2, 0), H);
        assertClose(dg1, dg2, "dGates");
        assertClose(dgh1, dgh2, "dGh");
        assertClose(n1, n2, "dhNext");
    }

    @Test
    void rnnForwardAndBackwardMatchTheReference() {
        Tensor pre = random(H, 11, 3), h1 = random(H, 0, 0), h2 = random(H, 0, 0);
        fast.rnnForward(new Row(pre, 0), new Row(h1, 0), H);
        RnnCell.forwardRow(new Row(pre, 0), new Row(h2, 0), H);
        assertClose(h1, h2, "h");
        Tensor dhA = random(H, 12, 1), dhN = random(H, 13, 1), d1 = random(H, 0, 0), d2 = random(H, 0, 0);
        fast.rnnBackward(new Row(h2, 0), new Row(dhA, 0), new Row(dhN, 0), new Row(d1, 0), H);
        RnnCell.backwardRow(new Row(h2, 0), new Row(dhA, 0), new Row(dhN, 0), new Row(d2, 0), H);
        assertClose(d1, d2, "dPre");
    }
}
