package dev.charlm.engine.nn;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Tensor;

/** Fills fresh parameters by an {@link InitScheme}, drawing from one generator in layout order. */
public final class Initializer {

    static final double NORMAL_SIGMA = 0.01;
    static final double UNIFORM_RANGE = 0.08;

    private Initializer() {
    }

    public static void initialize(Parameters p, InitScheme scheme, Rng rng) {
        ModelConfig c = p.config();
        int h = c.hiddenSize();
        for (var e : p.tensors().entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            boolean bias = name.endsWith(".b");
            switch (scheme) {
                case NORMAL -> {
                    if (!bias) {
                        fill(t, () -> NORMAL_SIGMA * rng.nextGaussian());
                    }
                }
                case UNIFORM -> fill(t, () -> uniform(rng, UNIFORM_RANGE));
                case XAVIER -> {
                    if (!bias) {
                        // fan-out per gate block: each block is its own (fanIn × H) matrix
                        int fanOut = name.startsWith("layers.") ? h : t.cols;
                        double limit = Math.sqrt(6.0 / (t.rows + fanOut));
                        fill(t, () -> uniform(rng, limit));
                    }
                }
                case TORCH -> {
                    double k = 1 / Math.sqrt(h);
                    if (name.equals("embedding")) {
                        fill(t, rng::nextGaussian);
                    } else if (bias && name.startsWith("layers.")) {
                        fill(t, () -> uniform(rng, k) + uniform(rng, k));
                    } else {
                        fill(t, () -> uniform(rng, k));
                    }
                }
            }
        }
        if (scheme == InitScheme.UNIFORM && c.cell() == CellType.LSTM) {
            for (int l = 0; l < c.layers(); l++) {
                Tensor b = p.b(l);
                for (int j = h; j < 2 * h; j++) {
                    b.set(j, 1.0);   // forget gate: remember by default (char-rnn)
                }
            }
        }
    }

    /** U(-limit, limit). */
    private static double uniform(Rng rng, double limit) {
        return limit * (2 * rng.nextDouble() - 1);
    }

    private static void fill(Tensor t, java.util.function.DoubleSupplier s) {
        for (int i = 0; i < t.size(); i++) {
            t.set(i, s.getAsDouble());
        }
    }
}
