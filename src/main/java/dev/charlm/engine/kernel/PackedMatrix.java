package dev.charlm.engine.kernel;

/**
 * A right-hand operand B (K × N) of {@link MatMul} laid out for the vector kernel: panels of
 * {@link #PANEL} columns, each panel K rows of {@code PANEL} contiguous floats, the last panel padded
 * with zeros. A tile of the product then streams through memory in order instead of jumping a whole
 * row of B (often a 4 KB page) per step of k. Weights are packed once per optimizer step and used by
 * every time step of a window; B may be packed from a transposed source (Wᵀ for backward).
 *
 * <p>The source tensor is kept, so a kernel that does not use panels (ojalgo's) multiplies it directly.
 */
public final class PackedMatrix {

    /** Columns per panel: three vectors (24 floats with AVX2, 48 with AVX-512), the kernel's register tile. */
    public static final int PANEL = Kernels.panelWidth();

    final Tensor source;
    final int off;
    final int ld;
    final boolean trans;
    public final int k;
    public final int n;
    /** Panel p, row kk, column j at p·K·PANEL + kk·PANEL + j; null for float64 sources. */
    final float[] panels;

    private PackedMatrix(Tensor source, int off, int ld, boolean trans, int k, int n) {
        this.source = source;
        this.off = off;
        this.ld = ld;
        this.trans = trans;
        this.k = k;
        this.n = n;
        this.panels = source.f != null ? new float[panelCount(n) * k * PANEL] : null;
    }

    /** B = the (k × n) block of {@code source} at {@code off} with row stride {@code ld}, or its transpose. */
    public static PackedMatrix of(Tensor source, int off, int ld, boolean trans, int k, int n) {
        PackedMatrix p = new PackedMatrix(source, off, ld, trans, k, n);
        p.repack();
        return p;
    }

    /** B = a whole tensor, or its transpose. */
    public static PackedMatrix of(Tensor source, boolean trans) {
        return trans ? of(source, 0, source.cols, true, source.cols, source.rows)
                : of(source, 0, source.cols, false, source.rows, source.cols);
    }

    public static int panelCount(int n) {
        return (n + PANEL - 1) / PANEL;
    }

    /** Copies the source into the panels again (after the source changed). */
    public void repack() {
        if (panels == null) {
            return;
        }
        float[] s = source.f;
        int base = source.offset + off;
        for (int p = 0, np = panelCount(n); p < np; p++) {
            int j0 = p * PANEL;
            int w = Math.min(PANEL, n - j0);
            int dst = p * k * PANEL;
            for (int kk = 0; kk < k; kk++, dst += PANEL) {
                if (!trans) {
                    System.arraycopy(s, base + kk * ld + j0, panels, dst, w);
                } else {
                    for (int j = 0; j < w; j++) {
                        panels[dst + j] = s[base + (j0 + j) * ld + kk];
                    }
                }
                // columns past n stay zero from allocation
            }
        }
    }
}
