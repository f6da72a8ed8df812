package dev.charlm.engine.train;

import dev.charlm.engine.kernel.AdamStep;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Storage;
import dev.charlm.engine.nn.Parameters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parameter update rule, kept apart from backprop: {@link #step} walks parameters, gradients and
 * moments, which share one flat layout (see {@link Parameters}). Moments and the step counter are
 * state that a model file saves, so that a resumed run continues bit for bit.
 */
public abstract class Optimizer {

    protected final OptimizerConfig config;
    protected final Map<String, Storage> moments = new LinkedHashMap<>();
    protected long steps;

    protected Optimizer(OptimizerConfig config) {
        this.config = config;
    }

    public static Optimizer create(OptimizerConfig config, Parameters like) {
        return switch (config.type()) {
            case SGD -> new Sgd(config, like);
            case ADAGRAD -> new Adagrad(config, like);
            case RMSPROP -> new RmsProp(config, like);
            case ADAM -> new Adam(config, like);
        };
    }

    /** One update with learning rate lr; the gradients are not modified. */
    public final void step(Parameters params, Parameters grads, double lr) {
        try (Parallel one = new Parallel(1)) {
            step(params, grads, lr, one);
        }
    }

    /**
     * One update, the parameter range split over the threads of {@code par}. Every rule is element-wise,
     * so the split changes nothing.
     */
    public final void step(Parameters params, Parameters grads, double lr, Parallel par) {
        steps++;
        Storage w = params.storage();
        Storage g = grads.storage();
        int n = w.size();
        int parts = par.threads();
        par.run(parts, part -> update(w, g, lr, Parallel.start(n, parts, part), Parallel.start(n, parts, part + 1)));
    }

    /** Updates elements [from, to). */
    protected abstract void update(Storage w, Storage g, double lr, int from, int to);

    /** Gradient with the L2 penalty. */
    protected final double grad(Storage w, Storage g, int i) {
        double wd = config.weightDecay();
        return wd == 0 ? g.get(i) : g.get(i) + wd * w.get(i);
    }

    protected final Storage moment(String name, Parameters like) {
        return moments.computeIfAbsent(name, n -> like.zerosLike().storage());
    }

    /** Named moment buffers (same layout as the parameters), for saving and restoring. */
    public Map<String, Storage> moments() {
        return moments;
    }

    public long steps() {
        return steps;
    }

    public void restore(long steps, Map<String, Storage> saved) {
        if (!saved.keySet().equals(moments.keySet())) {
            throw new IllegalArgumentException("optimizer moments " + saved.keySet() + " do not match " + moments.keySet());
        }
        for (var e : saved.entrySet()) {
            moments.get(e.getKey()).copyFrom(e.getValue());
        }
        this.steps = steps;
    }

    public OptimizerConfig config() {
        return config;
    }

    /** Stochastic gradient descent, optionally with heavy-ball momentum: v = μv + g; w -= lr·v. */
    static final class Sgd extends Optimizer {
        private final Storage velocity;

        Sgd(OptimizerConfig c, Parameters like) {
            super(c);
            velocity = c.momentum() > 0 ? moment("velocity", like) : null;
        }

        @Override
        protected void update(Storage w, Storage g, double lr, int from, int to) {
            double mu = config.momentum();
            for (int i = from; i < to; i++) {
                double gi = grad(w, g, i);
                if (velocity != null) {
                    gi = mu * velocity.get(i) + gi;
                    velocity.set(i, gi);
                }
                w.set(i, w.get(i) - lr * gi);
            }
        }
    }

    /** Adagrad (Duchi, Hazan and Singer 2011) as min-char-rnn writes it: m += g²; w -= lr·g / √(m + ε). */
    static final class Adagrad extends Optimizer {
        private final Storage sum;

        Adagrad(OptimizerConfig c, Parameters like) {
            super(c);
            sum = moment("sumOfSquares", like);
        }

        @Override
        protected void update(Storage w, Storage g, double lr, int from, int to) {
            double eps = config.epsilon();
            for (int i = from; i < to; i++) {
                double gi = grad(w, g, i);
                double m = sum.get(i) + gi * gi;
                sum.set(i, m);
                w.set(i, w.get(i) - lr * gi / Math.sqrt(m + eps));
            }
        }
    }

    /** RMSProp (Tieleman and Hinton 2012) as torch optim.rmsprop and char-rnn: m = αm + (1-α)g²; w -= lr·g / (√m + ε). */
    static final class RmsProp extends Optimizer {
        private final Storage mean;

        RmsProp(OptimizerConfig c, Parameters like) {
            super(c);
            mean = moment("meanSquare", like);
        }

        @Override
        protected void update(Storage w, Storage g, double lr, int from, int to) {
            double a = config.alpha();
            double eps = config.epsilon();
            for (int i = from; i < to; i++) {
                double gi = grad(w, g, i);
                double m = a * mean.get(i) + (1 - a) * gi * gi;
                mean.set(i, m);
                w.set(i, w.get(i) - lr * gi / (Math.sqrt(m) + eps));
            }
        }
    }

    /**
     * Adam (Kingma and Ba 2015) with bias correction, as PyTorch writes it:
     * g' = g + weightDecay·w; m = β1·m + (1-β1)·g'; v = β2·v + (1-β2)·g'²;
     * w -= lr / (1-β1^t) · m / (√v / √(1-β2^t) + ε).
     * float32 models with the Vector API run the same rule in float32 SIMD lanes
     * ({@link Kernels#adamFloat32}), as PyTorch does on float32 parameters; otherwise the loop below, in
     * double arithmetic.
     */
    static final class Adam extends Optimizer {
        private final Storage m1;
        private final Storage m2;

        Adam(OptimizerConfig c, Parameters like) {
            super(c);
            m1 = moment("firstMoment", like);
            m2 = moment("secondMoment", like);
        }

        @Override
        protected void update(Storage w, Storage g, double lr, int from, int to) {
            double beta1 = config.beta1();
            double beta2 = config.beta2();
            double eps = config.epsilon();
            double stepSize = lr / (1 - Math.pow(beta1, steps));
            double c2 = Math.sqrt(1 - Math.pow(beta2, steps));
            if (w.precision() == Precision.FLOAT32 && Kernels.vectorAvailable()) {
                Kernels.adamFloat32(w, g, m1, m2, from, to, new AdamStep(beta1, beta2, eps, config.weightDecay(), stepSize, c2));
                return;
            }
            for (int i = from; i < to; i++) {
                double gi = grad(w, g, i);
                double mi = beta1 * m1.get(i) + (1 - beta1) * gi;
                double vi = beta2 * m2.get(i) + (1 - beta2) * gi * gi;
                m1.set(i, mi);
                m2.set(i, vi);
                w.set(i, w.get(i) - stepSize * mi / (Math.sqrt(vi) / c2 + eps));
            }
        }
    }
}
