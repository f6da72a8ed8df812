package dev.charlm.engine.kernel;

/**
 * A row of a tensor for the element-wise kernels: the tensor and the index of the row's first element in
 * it. Its width is the kernel's (H, or G·H for a gate row), so a row is named once where it is picked
 * instead of as a (tensor, offset) pair in every argument list.
 *
 * @param t  the tensor
 * @param at index in {@code t} of the row's first element
 */
public record Row(Tensor t, int at) {

    /** Index of the row's first element in the tensor's backing array. */
    int start() {
        return t.offset + at;
    }

    public double get(int j) {
        return t.get(at + j);
    }

    public void set(int j, double v) {
        t.set(at + j, v);
    }
}
