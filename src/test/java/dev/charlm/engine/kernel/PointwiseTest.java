package dev.charlm.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charlm.engine.Rng;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The float32 SIMD output arithmetic against the scalar double reference, and the float formulas
 * against StrictMath. (The cells' SIMD rows are checked against the cells' own in CellRowsTest.)
 */
class PointwiseTest {

    private static final int H = 13;
    private Pointwise fast;
    private final Pointwise ref = Kernels.scalarPointwise();

    @BeforeEach
    void vectorModulePresent() {
        assumeTrue(Kernels.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        fast = Kernels.pointwise(Precision.FLOAT32);
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
    void fastMathIsAccurateInFloat() {
        Rng r = new Rng(9);
        for (int i = 0; i < 100_000; i++) {
            float x = (float) (40 * (2 * r.nextDouble() - 1));
            assertThat((double) FastMath.exp(x)).isCloseTo(StrictMath.exp(x), within(2e-7 * StrictMath.exp(x)));
            assertThat((double) FastMath.tanh(x)).isCloseTo(StrictMath.tanh(x), within(5e-7));
            assertThat((double) FastMath.sigmoid(x)).isCloseTo(1 / (1 + StrictMath.exp(-x)), within(5e-7));
        }
        assertThat(FastMath.sigmoid(0f)).isEqualTo(0.5f);
        assertThat(FastMath.tanh(0f)).isEqualTo(0f);
        assertThat(FastMath.tanh(30f)).isEqualTo(1f);
        assertThat(FastMath.exp(-200f)).isLessThan(1e-37f);
    }

    @Test
    void softmaxCrossEntropyMatchesTheReference() {
        for (int v : new int[] {5, 65, 70}) {
            Tensor logits = random(v, 14, 6);
            Tensor a = copy(logits), b = copy(logits);
            double l1 = fast.softmaxCrossEntropy(a, 0, 3, 0.25, v);
            double l2 = ref.softmaxCrossEntropy(b, 0, 3, 0.25, v);
            assertThat(l1).isCloseTo(l2, within(1e-6));
            assertClose(a, b, "dlogits V=" + v);
            double sum = 0;
            for (int i = 0; i < v; i++) {
                sum += a.get(i);
            }
            assertThat(sum).as("gradient of a softmax sums to zero").isCloseTo(0, within(1e-6));
        }
    }
}
