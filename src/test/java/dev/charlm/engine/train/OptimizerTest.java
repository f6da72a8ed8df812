package dev.charlm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import org.junit.jupiter.api.Test;

/** Each update rule and clipping mode on numbers worked out by hand. */
class OptimizerTest {

    /** The smallest model: 5 parameters in all (V = 1, H = 1, rnn). Element 0 is the one the examples follow. */
    private static Parameters params(double w) {
        Parameters p = Parameters.zeros(new ModelConfig(CellType.RNN, 1, 1, 0, 1, 0), Precision.FLOAT64);
        p.storage().set(0, w);
        return p;
    }

    private static Parameters grad(Parameters like, double g) {
        Parameters p = like.zerosLike();
        p.storage().set(0, g);
        return p;
    }

    private static OptimizerConfig cfg(OptimizerType t, double lr, double momentum, double wd) {
        return new OptimizerConfig(t, lr, momentum, 0.9, 0.999, 0.95, 1e-8, wd);
    }

    @Test
    void sgdStepsAgainstTheGradient() {
        Parameters w = params(1.0);
        Optimizer o = Optimizer.create(cfg(OptimizerType.SGD, 0.1, 0, 0), w);
        o.step(w, grad(w, 2.0), 0.1);
        assertThat(w.storage().get(0)).isCloseTo(1.0 - 0.1 * 2.0, within(1e-15));
    }

    @Test
    void sgdMomentumAccumulatesVelocity() {
        Parameters w = params(1.0);
        Optimizer o = Optimizer.create(cfg(OptimizerType.SGD, 0.1, 0.9, 0), w);
        o.step(w, grad(w, 2.0), 0.1);     // v = 2, w = 0.8
        o.step(w, grad(w, 1.0), 0.1);     // v = 0.9·2 + 1 = 2.8, w = 0.8 - 0.28 = 0.52
        assertThat(w.storage().get(0)).isCloseTo(0.52, within(1e-12));
    }

    @Test
    void weightDecayAddsTheL2Gradient() {
        Parameters w = params(2.0);
        Optimizer o = Optimizer.create(cfg(OptimizerType.SGD, 0.5, 0, 0.1), w);
        o.step(w, grad(w, 1.0), 0.5);     // g' = 1 + 0.1·2 = 1.2, w = 2 - 0.6
        assertThat(w.storage().get(0)).isCloseTo(1.4, within(1e-12));
    }

    @Test
    void adagradDividesByTheRootOfSummedSquares() {
        Parameters w = params(1.0);
        Optimizer o = Optimizer.create(cfg(OptimizerType.ADAGRAD, 0.1, 0, 0), w);
        o.step(w, grad(w, 3.0), 0.1);     // m = 9, w = 1 - 0.1·3/√(9 + 1e-8)
        double w1 = 1 - 0.1 * 3 / Math.sqrt(9 + 1e-8);
        assertThat(w.storage().get(0)).isCloseTo(w1, within(1e-15));
        o.step(w, grad(w, 4.0), 0.1);     // m = 25
        assertThat(w.storage().get(0)).isCloseTo(w1 - 0.1 * 4 / Math.sqrt(25 + 1e-8), within(1e-15));
        assertThat(o.moments().get("sumOfSquares").get(0)).isEqualTo(25.0);
    }

    @Test
    void rmspropKeepsADecayingMeanOfSquares() {
        Parameters w = params(0.0);
        Optimizer o = Optimizer.create(cfg(OptimizerType.RMSPROP, 0.01, 0, 0), w);
        o.step(w, grad(w, 2.0), 0.01);    // m = 0.05·4 = 0.2, w = -0.01·2/(√0.2 + 1e-8)
        assertThat(w.storage().get(0)).isCloseTo(-0.02 / (Math.sqrt(0.2) + 1e-8), within(1e-15));
    }

    @Test
    void adamCorrectsTheBiasOfBothMoments() {
        Parameters w = params(0.0);
        Optimizer o = Optimizer.create(cfg(OptimizerType.ADAM, 0.001, 0, 0), w);
        o.step(w, grad(w, 0.5), 0.001);
        // m = 0.05, v = 0.00025; m / (1 - 0.9) = 0.5 and √v / √(1 - 0.999) = 0.5: the first step moves by lr
        double w1 = -0.001 * 0.5 / (0.5 + 1e-8);
        assertThat(w.storage().get(0)).isCloseTo(w1, within(1e-15)).isCloseTo(-0.001, within(1e-10));
        o.step(w, grad(w, -0.5), 0.001);
        double m = 0.9 * 0.05 + 0.1 * -0.5;               // -0.005
        double v = 0.999 * 0.00025 + 0.001 * 0.25;        // 0.0004995
        double step = 0.001 / (1 - 0.81) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.998001) + 1e-8);
        assertThat(w.storage().get(0)).isCloseTo(w1 - step, within(1e-15));
        assertThat(o.steps()).isEqualTo(2);
    }

    @Test
    void adamInFloat32SimdFollowsTheDoubleLoop() {
        assumeTrue(Kernels.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        // 40 elements (rnn, H = 3, V = 4): whole vectors and a scalar tail
        ModelConfig c = new ModelConfig(CellType.RNN, 1, 3, 0, 4, 0);
        Parameters w32 = Parameters.zeros(c, Precision.FLOAT32), w64 = Parameters.zeros(c, Precision.FLOAT64);
        Parameters g32 = w32.zerosLike(), g64 = w64.zerosLike();
        Rng r = new Rng(20);
        for (int i = 0; i < w32.storage().size(); i++) {
            float w = (float) (2 * r.nextDouble() - 1), g = (float) (0.2 * r.nextDouble() - 0.1);
            w32.storage().set(i, w);
            w64.storage().set(i, w);
            g32.storage().set(i, g);
            g64.storage().set(i, g);
        }
        OptimizerConfig oc = cfg(OptimizerType.ADAM, 1e-3, 0, 0.01);
        Optimizer o32 = Optimizer.create(oc, w32), o64 = Optimizer.create(oc, w64);
        for (int step = 0; step < 3; step++) {
            o32.step(w32, g32, 1e-3);
            o64.step(w64, g64, 1e-3);
        }
        for (int i = 0; i < w32.storage().size(); i++) {
            double want = w64.storage().get(i);
            assertThat(w32.storage().get(i)).as("w[%d]", i).isCloseTo(want, within(2e-6 * (1 + Math.abs(want))));
            double m = o64.moments().get("firstMoment").get(i);
            assertThat(o32.moments().get("firstMoment").get(i)).as("m[%d]", i).isCloseTo(m, within(2e-6 * (1 + Math.abs(m))));
        }
    }

    @Test
    void valueClippingClampsEachElement() {
        Parameters g = params(0).zerosLike();
        g.storage().set(0, 7);
        g.storage().set(1, -9);
        g.storage().set(2, 3);
        double norm = Clipping.norm(g);
        assertThat(norm).isCloseTo(Math.sqrt(49 + 81 + 9), within(1e-12));
        assertThat(Clipping.clip(g, ClipMode.VALUE, 5, norm)).isTrue();
        assertThat(g.storage().get(0)).isEqualTo(5.0);
        assertThat(g.storage().get(1)).isEqualTo(-5.0);
        assertThat(g.storage().get(2)).isEqualTo(3.0);
    }

    @Test
    void normClippingRescalesTheWholeGradient() {
        Parameters g = params(0).zerosLike();
        g.storage().set(0, 3);
        g.storage().set(4, 4);
        assertThat(Clipping.clip(g, ClipMode.NORM, 1, Clipping.norm(g))).isTrue();
        assertThat(g.storage().get(0)).isCloseTo(0.6, within(1e-15));
        assertThat(g.storage().get(4)).isCloseTo(0.8, within(1e-15));
        assertThat(Clipping.clip(g, ClipMode.NORM, 2, Clipping.norm(g))).isFalse();
        assertThat(Clipping.clip(g, ClipMode.NONE, 0.1, Clipping.norm(g))).isFalse();
        assertThat(g.storage().get(4)).isCloseTo(0.8, within(1e-15));
    }
}
