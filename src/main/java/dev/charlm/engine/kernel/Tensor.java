package dev.charlm.engine.kernel;

/**
 * A row-major (rows × cols) view into a {@link Storage}: element (r, c) is at index
 * {@code offset + r·cols + c} of the storage's array. Views never copy.
 */
public final class Tensor {

    private final Storage storage;
    final float[] f;
    final double[] d;
    final int offset;
    public final int rows;
    public final int cols;

    Tensor(Storage storage, int offset, int rows, int cols) {
        this.storage = storage;
        this.f = storage.f;
        this.d = storage.d;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
    }

    /** A fresh zero tensor in its own storage. */
    public static Tensor zeros(Precision precision, int rows, int cols) {
        return Storage.allocate(precision, rows * cols).view(0, rows, cols);
    }

    public Precision precision() {
        return storage.precision();
    }

    public Storage storage() {
        return storage;
    }

    public int offset() {
        return offset;
    }

    public int size() {
        return rows * cols;
    }

    public double get(int r, int c) {
        return get(r * cols + c);
    }

    public void set(int r, int c, double v) {
        set(r * cols + c, v);
    }

    /** Element i of the row-major order. */
    public double get(int i) {
        return f != null ? f[offset + i] : d[offset + i];
    }

    public void set(int i, double v) {
        if (f != null) {
            f[offset + i] = (float) v;
        } else {
            d[offset + i] = v;
        }
    }

    public void add(int i, double v) {
        if (f != null) {
            f[offset + i] += (float) v;
        } else {
            d[offset + i] += v;
        }
    }

    public void fill(double v) {
        if (f != null) {
            java.util.Arrays.fill(f, offset, offset + size(), (float) v);
        } else {
            java.util.Arrays.fill(d, offset, offset + size(), v);
        }
    }

    /** Rows [from, from + count) as a view. */
    public Tensor rows(int from, int count) {
        if (from < 0 || count < 0 || from + count > rows) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + (from + count) + ") of " + rows);
        }
        return new Tensor(storage, offset + from * cols, count, cols);
    }

    /** Copies {@code src} (same shape, any precision) into this view. */
    public void copyFrom(Tensor src) {
        if (src.rows != rows || src.cols != cols) {
            throw new IllegalArgumentException(src.rows + "x" + src.cols + " into " + rows + "x" + cols);
        }
        if (f != null && src.f != null) {
            System.arraycopy(src.f, src.offset, f, offset, size());
        } else if (d != null && src.d != null) {
            System.arraycopy(src.d, src.offset, d, offset, size());
        } else {
            for (int i = 0; i < size(); i++) {
                set(i, src.get(i));
            }
        }
    }

    /** Copies n elements from index {@code from} of this tensor to index {@code to} of {@code dst}. */
    public void copyTo(int from, Tensor dst, int to, int n) {
        if (f != null && dst.f != null) {
            System.arraycopy(f, offset + from, dst.f, dst.offset + to, n);
        } else if (d != null && dst.d != null) {
            System.arraycopy(d, offset + from, dst.d, dst.offset + to, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst.set(to + i, get(from + i));
            }
        }
    }

    /** Sets n elements from index {@code from} to zero. */
    public void zero(int from, int n) {
        if (f != null) {
            java.util.Arrays.fill(f, offset + from, offset + from + n, 0f);
        } else {
            java.util.Arrays.fill(d, offset + from, offset + from + n, 0.0);
        }
    }
}
