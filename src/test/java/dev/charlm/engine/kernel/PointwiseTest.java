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

    /**
     * Every float where the rational tanh nears saturation (|x| in [7.5, 9.5] for tanh, [15, 19] for sigmoid,
     * whose argument is halved), and a dense grid over [-20, 20]: tanh stays in [-1, 1] and sigmoid in
     * [0, 1] exactly, so the derivatives 1 - y² and y(1 - y) never turn negative. The rational overshoots
     * 1 by an ulp between 8.04 and 9 (tanh(8.22923f) was 1.0000001f, sigmoid(-17.9999f) was -5.96e-8).
     */
    @Test
    void tanhAndSigmoidNeverLeaveTheirRange() {
        float[] xs = saturationInputs();
        // the forward rows' own polynomial loop: tanh as 1·tanh(1·x) - 0, sigmoid as ½·tanh(½x) + ½
        float[] tanh = xs.clone(), sigmoid = xs.clone();
        VectorPointwise.squash(tanh, 0, xs.length, 1f, -0f);
        VectorPointwise.squash(sigmoid, 0, xs.length, 0.5f, 0.5f);
        for (int i = 0; i < xs.length; i++) {
            float x = xs[i];
            assertInRange("tanh", x, FastMath.tanh(x), -1f, 1f);
            assertInRange("sigmoid", x, FastMath.sigmoid(x), 0f, 1f);
            assertInRange("SIMD tanh", x, tanh[i], -1f, 1f);
            assertInRange("SIMD sigmoid", x, sigmoid[i], 0f, 1f);
        }
    }

    private static void assertInRange(String what, float x, float y, float lo, float hi) {
        if (!(y >= lo && y <= hi)) {
            throw new AssertionError(what + "(" + x + "f) = " + y + "f, outside [" + lo + ", " + hi + "]");
        }
    }

    /** Both signs of every float in [7.5, 9.5] and [15, 19], then [-20, 20] in steps of 1e-4. */
    private static float[] saturationInputs() {
        java.util.List<float[]> parts = new java.util.ArrayList<>();
        for (float[] range : new float[][] {{7.5f, 9.5f}, {15f, 19f}}) {
            int from = Float.floatToIntBits(range[0]), to = Float.floatToIntBits(range[1]);
            float[] part = new float[2 * (to - from + 1)];
            for (int b = from, k = 0; b <= to; b++) {
                part[k++] = Float.intBitsToFloat(b);
                part[k++] = -Float.intBitsToFloat(b);
            }
            parts.add(part);
        }
        float[] grid = new float[400_001];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (float) (-20 + i * 1e-4);
        }
        parts.add(grid);
        float[] all = new float[parts.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
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
