package dev.charlm.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two-core product against the same kernel on one thread: the same bits, the helper taking part. */
class SplitMatMulTest {

    private final MatMul inner = Kernels.matMul("auto");
    private final SpinWorker worker = new SpinWorker("split-matmul-test");
    private final MatMul split = new SplitMatMul(inner, worker);

    @BeforeEach
    void own() {
        assertThat(worker.tryAcquire()).isTrue();
    }

    @AfterEach
    void giveBack() {
        worker.release();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} from column {3}")
    @CsvSource({"1, 1024, 256, 0", "1, 768, 256, 0", "1, 256, 256, 0", "3, 1000, 128, 0", "1, 500, 300, 48", "2, 65, 256, 0"})
    void givesTheSameBitsAsOneThread(int m, int n, int k, int col0) {
        Tensor a = MatMulTest.random(m, k, 1);
        PackedMatrix b = PackedMatrix.of(MatMulTest.random(k, col0 + n, 2), false);
        for (boolean acc : new boolean[] {false, true}) {
            Tensor want = MatMulTest.random(m, n, 3);
            Tensor got = MatMulTest.random(m, n, 3);
            // many steps, so that the helper (not only the owner, who takes back a task not yet started) runs
            // some even on a busy machine
            long until = System.nanoTime() + 2_000_000_000L;
            for (int step = 0; step < 50 || (worker.helped() == 0 && System.nanoTime() < until); step++) {
                inner.gemm(false, m, n, k, new Operand(a, 0, k), b, col0, acc, new Operand(want, 0, n));
                split.gemm(false, m, n, k, new Operand(a, 0, k), b, col0, acc, new Operand(got, 0, n));
            }
            for (int i = 0; i < want.size(); i++) {
                assertThat(Float.floatToRawIntBits((float) got.get(i))).as("element %d accumulate=%s", i, acc)
                        .isEqualTo(Float.floatToRawIntBits((float) want.get(i)));
            }
        }
        if ((long) m * n * k >= SplitMatMul.MIN_WORK) {
            assertThat(worker.helped()).as("tasks the helper ran").isPositive();
        }
    }

    @Test
    void smallProductsStayOnTheCallersThread() {
        Tensor a = MatMulTest.random(1, 256, 1);
        PackedMatrix b = PackedMatrix.of(MatMulTest.random(256, 65, 2), false);
        Tensor c = Tensor.zeros(Precision.FLOAT32, 1, 65);
        for (int step = 0; step < 50; step++) {
            split.gemm(false, 1, 65, 256, new Operand(a, 0, 256), b, 0, false, new Operand(c, 0, 65));
        }
        assertThat(worker.helped()).isZero();
    }

    @Test
    void aFailureOnTheHelperReachesTheOwner() {
        worker.fork(() -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> {
            try {
                Thread.sleep(20);   // the helper, spinning, takes the task before the owner could
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            worker.join();
        }).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(worker.helped()).isEqualTo(1);
    }

    @Test
    void aSecondOwnerIsRefused() {
        assertThat(worker.tryAcquire()).isFalse();
        worker.release();
        assertThat(worker.tryAcquire()).isTrue();
    }
}
