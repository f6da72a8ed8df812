package dev.charlm.engine.kernel;

/**
 * One contiguous block of numbers (a float[] or a double[], by precision), carved into {@link Tensor}
 * views. Parameters, gradients and optimizer moments each live in one Storage with the same layout,
 * so an optimizer, a clipping rule or a file writer walks a single array.
 */
public final class Storage {

    private final Precision precision;
    final float[] f;
    final double[] d;

    private Storage(Precision precision, int size) {
        this.precision = precision;
        this.f = precision == Precision.FLOAT32 ? new float[size] : null;
        this.d = precision == Precision.FLOAT32 ? null : new double[size];
    }

    public static Storage allocate(Precision precision, int size) {
        return new Storage(precision, size);
    }

    public Precision precision() {
        return precision;
    }

    public int size() {
        return f != null ? f.length : d.length;
    }

    /** A (rows × cols) row-major view starting at {@code offset}. */
    public Tensor view(int offset, int rows, int cols) {
        if (offset < 0 || (long) offset + (long) rows * cols > size()) {
            throw new IllegalArgumentException("view [" + offset + ", +" + rows + "x" + cols + ") outside storage of " + size());
        }
        return new Tensor(this, offset, rows, cols);
    }

    public double get(int i) {
        return f != null ? f[i] : d[i];
    }

    public void set(int i, double v) {
        if (f != null) {
            f[i] = (float) v;
        } else {
            d[i] = v;
        }
    }

    public void fill(double v) {
        if (f != null) {
            java.util.Arrays.fill(f, (float) v);
        } else {
            java.util.Arrays.fill(d, v);
        }
    }

    /** Copies all elements of {@code from}, which must have the same size (any precision). */
    public void copyFrom(Storage from) {
        if (from.size() != size()) {
            throw new IllegalArgumentException("size " + from.size() + " != " + size());
        }
        if (f != null && from.f != null) {
            System.arraycopy(from.f, 0, f, 0, f.length);
        } else if (d != null && from.d != null) {
            System.arraycopy(from.d, 0, d, 0, d.length);
        } else {
            for (int i = 0; i < size(); i++) {
                set(i, from.get(i));
            }
        }
    }

    public Storage copy() {
        Storage s = new Storage(precision, size());
        s.copyFrom(this);
        return s;
    }
}
