package dev.charlm.engine.kernel;

/**
 * A {@link MatMul} that runs each large pre-packed product on two cores: the caller computes the first
 * half of B's panels of columns, a {@link SpinWorker}'s helper the second. The split is the same on every
 * call, so each thread keeps re-reading its own half of a weight matrix, which then stays in its core's
 * L2 (LSTM 1x256's packed W_h is 1.08 MB, more than one core's 1 MB L2; each half is 540 KB).
 *
 * <p>Each element of C is still computed by one thread with the inner kernel's fixed sequence of
 * operations (see {@link MatMul}), so the result is the same bit for bit as one thread's. Small products,
 * where the hand-off would cost more than half the work, and unpacked operands go to the inner kernel
 * whole. The caller must own the worker ({@link SpinWorker#tryAcquire}) while it uses this.
 */
public final class SplitMatMul implements MatMul {

    /** Multiply-adds (m·n·k) from which a product is split: W_h of a 256-unit LSTM (262,144) is, W_q of 65 characters (16,640) is not. */
    static final long MIN_WORK = 1L << 16;

    private final MatMul inner;
    private final SpinWorker worker;

    public SplitMatMul(MatMul inner, SpinWorker worker) {
        this.inner = inner;
        this.worker = worker;
    }

    @Override
    public String name() {
        return inner.name() + "-split";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, Operand a, Operand b, boolean accumulate, Operand c) {
        inner.gemm(transA, transB, m, n, k, a, b, accumulate, c);
    }

    @Override
    public void gemm(boolean transA, int m, int n, int k, Operand a, PackedMatrix b, int col0, boolean accumulate, Operand c) {
        int panels = PackedMatrix.panelCount(n);
        if (panels < 2 || (long) m * n * k < MIN_WORK) {
            inner.gemm(transA, m, n, k, a, b, col0, accumulate, c);
            return;
        }
        int mid = (panels / 2) * PackedMatrix.PANEL;   // whole panels each, so col0 + mid stays panel-aligned
        Operand right = new Operand(c.t(), c.offset() + mid, c.ld());
        worker.fork(() -> inner.gemm(transA, m, n - mid, k, a, b, col0 + mid, accumulate, right));
        try {
            inner.gemm(transA, m, mid, k, a, b, col0, accumulate, c);
        } finally {
            worker.join();
        }
    }
}
