package dev.charlm.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charlm.engine.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Vector API kernel against ojalgo's product, on shapes that exercise every tile and tail path. */
class MatMulTest {

    private MatMul vector;
    private final MatMul ojalgo = Kernels.ojalgo();

    @BeforeEach
    void vectorModulePresent() {
        assumeTrue(Kernels.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        vector = Kernels.matMul("vector");
    }

    static Stream<Arguments> shapes() {
        int[][] mnk = {{1, 1, 1}, {7, 13, 5}, {4, 24, 3}, {5, 25, 9}, {33, 17, 29}, {3, 65, 256}, {16, 1024, 256},
                {1, 1024, 256}, {9, 48, 1}, {2, 8, 100}, {6, 50, 600}, {4, 0, 7}};
        return Stream.of(mnk).flatMap(s -> Stream.of(
                Arguments.of(s[0], s[1], s[2], false, false),
                Arguments.of(s[0], s[1], s[2], true, false),
                Arguments.of(s[0], s[1], s[2], false, true),
                Arguments.of(s[0], s[1], s[2], true, true)));
    }

    static Tensor random(int rows, int cols, long seed) {
        Tensor t = Tensor.zeros(Precision.FLOAT32, rows, cols);
        Rng r = new Rng(seed);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, r.nextDouble() * 2 - 1);
        }
        return t;
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @MethodSource("shapes")
    void agreesWithOjalgosProduct(int m, int n, int k, boolean ta, boolean tb) {
        Tensor a = ta ? random(k, m, 1) : random(m, k, 1);
        Tensor b = tb ? random(n, k, 2) : random(k, n, 2);
        for (boolean acc : new boolean[] {false, true}) {
            Tensor want = random(m, n, 3);
            Tensor got = random(m, n, 3);
            ojalgo.multiply(a, ta, b, tb, want, acc);
            vector.multiply(a, ta, b, tb, got, acc);
            for (int i = 0; i < want.size(); i++) {
                assertThat(got.get(i)).as("element %d accumulate=%s", i, acc)
                        .isCloseTo(want.get(i), org.assertj.core.api.Assertions.within(1e-5 * (1 + Math.abs(want.get(i))) * Math.sqrt(k)));
            }
        }
    }

    @Test
    void stridedOperandsAddressTheRightElements() {
        // C rows 1..3 (stride 10) = A rows at stride 7 · B block at offset 2 with stride 9
        Tensor a = random(10, 7, 4);
        Tensor b = random(10, 9, 5);
        Tensor c1 = Tensor.zeros(Precision.FLOAT32, 6, 10);
        Tensor c2 = Tensor.zeros(Precision.FLOAT32, 6, 10);
        ojalgo.gemm(false, false, 3, 5, 4, new Operand(a, 7, 7), new Operand(b, 2, 9), false, new Operand(c1, 10, 10));
        vector.gemm(false, false, 3, 5, 4, new Operand(a, 7, 7), new Operand(b, 2, 9), false, new Operand(c2, 10, 10));
        for (int i = 0; i < c1.size(); i++) {
            assertThat(c2.get(i)).isCloseTo(c1.get(i), org.assertj.core.api.Assertions.within(1e-5));
        }
        assertThat(c1.get(0)).isZero();
        assertThat(c1.get(10)).isNotZero();
    }

    @Test
    void splittingAProductByRowsOrColumnsChangesNoBit() {
        for (boolean[] t : new boolean[][] {{false, false}, {true, false}, {false, true}}) {
            int m = 37, n = 70, k = 131;
            Tensor a = t[0] ? random(k, m, 6) : random(m, k, 6);
            Tensor b = t[1] ? random(n, k, 7) : random(k, n, 7);
            Tensor whole = Tensor.zeros(Precision.FLOAT32, m, n);
            vector.multiply(a, t[0], b, t[1], whole, false);
            Tensor parts = Tensor.zeros(Precision.FLOAT32, m, n);
            int lda = a.cols, ldb = b.cols;
            // rows 0..12, 13..36 and, within the second, columns 0..30 and 31..69
            vector.gemm(t[0], t[1], 13, n, k, new Operand(a, 0, lda), new Operand(b, 0, ldb), false, new Operand(parts, 0, n));
            int aOff = t[0] ? 13 : 13 * lda;
            vector.gemm(t[0], t[1], m - 13, 31, k, new Operand(a, aOff, lda), new Operand(b, 0, ldb), false,
                    new Operand(parts, 13 * n, n));
            int bOff = t[1] ? 31 * ldb : 31;
            vector.gemm(t[0], t[1], m - 13, n - 31, k, new Operand(a, aOff, lda), new Operand(b, bOff, ldb), false,
                    new Operand(parts, 13 * n + 31, n));
            for (int i = 0; i < whole.size(); i++) {
                assertThat(Float.floatToRawIntBits((float) parts.get(i))).as("element %d", i)
                        .isEqualTo(Float.floatToRawIntBits((float) whole.get(i)));
            }
        }
    }

    @Test
    void aPackedOperandGivesTheSameBitsAsAnUnpackedOne() {
        int m = 13, k = 600, n = 70;   // k spans three blocks of KC, n two full panels and a partial one
        Tensor a = random(m, k, 8);
        Tensor b = random(k, n, 9);
        Tensor bt = random(n, k, 10);
        for (boolean transposedSource : new boolean[] {false, true}) {
            Tensor src = transposedSource ? bt : b;
            PackedMatrix packed = PackedMatrix.of(src, transposedSource);
            Tensor want = random(m, n, 11);
            Tensor got = random(m, n, 11);
            vector.multiply(a, false, src, transposedSource, want, true);
            vector.gemm(false, m, 48, k, new Operand(a, 0, k), packed, 0, true, new Operand(got, 0, n));        // panels 0-1 ...
            vector.gemm(false, m, n - 48, k, new Operand(a, 0, k), packed, 48, true,
                    new Operand(got, 48, n));   // ... and 2, split like two threads
            Tensor ref = random(m, n, 11);
            ojalgo.gemm(false, m, n, k, new Operand(a, 0, k), packed, 0, true, new Operand(ref, 0, n));
            for (int i = 0; i < want.size(); i++) {
                if (!transposedSource) {
                    assertThat(Float.floatToRawIntBits((float) got.get(i))).as("element %d", i)
                            .isEqualTo(Float.floatToRawIntBits((float) want.get(i)));
                }
                assertThat(got.get(i)).isCloseTo(ref.get(i), org.assertj.core.api.Assertions.within(1e-4));
            }
        }
    }

    @Test
    void repackingFollowsTheSource() {
        Tensor w = random(30, 40, 12);
        PackedMatrix p = PackedMatrix.of(w, false);
        Tensor x = random(5, 30, 13);
        Tensor before = Tensor.zeros(Precision.FLOAT32, 5, 40);
        vector.gemm(false, 5, 40, 30, new Operand(x, 0, 30), p, 0, false, new Operand(before, 0, 40));
        w.set(0, w.get(0) + 1);
        p.repack();
        Tensor after = Tensor.zeros(Precision.FLOAT32, 5, 40);
        vector.gemm(false, 5, 40, 30, new Operand(x, 0, 30), p, 0, false, new Operand(after, 0, 40));
        assertThat(after.get(0) - before.get(0)).isCloseTo(x.get(0), org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void float64OperandsUseTheReferenceProduct() {
        Tensor a = Tensor.zeros(Precision.FLOAT64, 2, 3);
        Tensor b = Tensor.zeros(Precision.FLOAT64, 3, 2);
        for (int i = 0; i < 6; i++) {
            a.set(i, i + 1);
            b.set(i, 1.0 / (i + 1));
        }
        Tensor c = Tensor.zeros(Precision.FLOAT64, 2, 2);
        vector.multiply(a, false, b, false, c, false);
        // [1 2 3; 4 5 6] · [1 1/2; 1/3 1/4; 1/5 1/6]
        assertThat(c.get(0, 0)).isCloseTo(1 + 2.0 / 3 + 3.0 / 5, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(c.get(1, 1)).isCloseTo(4.0 / 2 + 5.0 / 4 + 6.0 / 6, org.assertj.core.api.Assertions.within(1e-15));
    }
}
