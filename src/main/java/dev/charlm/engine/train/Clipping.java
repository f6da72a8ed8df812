package dev.charlm.engine.train;

import dev.charlm.engine.kernel.Storage;
import dev.charlm.engine.nn.Parameters;

/** Gradient clipping rules, applied to all gradients at once. */
public final class Clipping {

    private Clipping() {
    }

    /** Global L2 norm of all gradients, summed in index order. */
    public static double norm(Parameters grads) {
        Storage g = grads.storage();
        double s = 0;
        for (int i = 0, n = g.size(); i < n; i++) {
            double v = g.get(i);
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /**
     * Clips in place by {@code mode}; {@code norm} is the gradient's global L2 norm (from {@link #norm}).
     * Returns true when the gradient changed.
     */
    public static boolean clip(Parameters grads, ClipMode mode, double threshold, double norm) {
        Storage g = grads.storage();
        switch (mode) {
            case VALUE -> {
                boolean changed = false;
                for (int i = 0, n = g.size(); i < n; i++) {
                    double v = g.get(i);
                    if (v > threshold) {
                        g.set(i, threshold);
                        changed = true;
                    } else if (v < -threshold) {
                        g.set(i, -threshold);
                        changed = true;
                    }
                }
                return changed;
            }
            case NORM -> {
                if (norm > threshold) {
                    double scale = threshold / norm;
                    for (int i = 0, n = g.size(); i < n; i++) {
                        g.set(i, g.get(i) * scale);
                    }
                    return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }
}
