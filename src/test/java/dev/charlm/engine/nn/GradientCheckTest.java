package dev.charlm.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Storage;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Centred finite differences of the loss against the analytic gradient of every parameter, in float64,
 * for what the reference fixtures do not cover: the embedding table, dropout between layers, zero
 * inputs and padded positions of line mode, and per-position loss weights. Also the float32 SIMD path
 * against the float64 reference gradient.
 */
class GradientCheckTest {

    static final int B = 2;
    static final int T = 4;
    static final int V = 6;

    record Case(String name, CellType cell, int layers, int embedding, double dropout, boolean padded) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("lstm with embedding", CellType.LSTM, 1, 3, 0, false),
                new Case("gru 2 layers with embedding", CellType.GRU, 2, 5, 0, false),
                new Case("rnn 3 layers with dropout", CellType.RNN, 3, 0, 0.3, false),
                new Case("lstm 2 layers dropout and embedding", CellType.LSTM, 2, 4, 0.5, false),
                new Case("gru line mode: zero inputs and padding", CellType.GRU, 2, 0, 0, true),
                new Case("lstm line mode with embedding", CellType.LSTM, 1, 3, 0, true)
        ).map(Arguments::of);
    }

    /** A window with arbitrary loss weights; in line mode position 0 reads the zero input and rows end in padding. */
    static Workspace window(ModelConfig c, Precision precision, boolean padded, Rng rng) {
        Workspace ws = new Workspace(c, precision, B, T, true);
        for (int b = 0; b < B; b++) {
            int length = padded ? T - 1 - b : T;   // row 0 has 3 real positions, row 1 has 2
            for (int t = 0; t < T; t++) {
                int r = b * T + t;
                boolean real = t < length;
                ws.inputs[r] = padded && (t == 0 || !real) ? -1 : rng.nextInt(V);
                ws.targets[r] = real ? rng.nextInt(V) : 0;
                ws.weights[r] = real ? 0.1 + rng.nextDouble() : 0;
            }
            for (int l = 0; l < c.layers(); l++) {
                for (int j = 0; j < c.hiddenSize(); j++) {
                    ws.initialHidden(l).set(b, j, padded ? 0 : rng.nextGaussian() * 0.5);
                    if (ws.initialCell(l) != null) {
                        ws.initialCell(l).set(b, j, padded ? 0 : rng.nextGaussian() * 0.5);
                    }
                }
            }
        }
        return ws;
    }

    static double loss(Network net, Parameters p, Workspace ws, Network.Dropout d) {
        net.forward(PackedWeights.forInference(p), ws, 0, B, d);
        double total = 0;
        // Σ weight · nll: the quantity whose gradient backward computes
        for (int r = 0; r < B * T; r++) {
            if (ws.weights[r] == 0) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < V; v++) {
                max = Math.max(max, ws.logits().get(r, v));
            }
            double s = 0;
            for (int v = 0; v < V; v++) {
                s += Math.exp(ws.logits().get(r, v) - max);
            }
            total += ws.weights[r] * (max + Math.log(s) - ws.logits().get(r, ws.targets[r]));
        }
        return total;
    }

    static Parameters analytic(Network net, Parameters p, Workspace ws, Network.Dropout d) {
        Parameters g = p.zerosLike();
        PackedWeights w = PackedWeights.forTraining(p);
        net.forward(w, ws, 0, B, d);
        net.loss(ws, 0, B);
        net.backward(w, ws, 0, B, d);
        try (Parallel par = new Parallel(2)) {
            par.run(2, part -> net.weightGradients(ws, g, part, 2));
        }
        return g;
    }

    static Parameters randomParameters(ModelConfig c, Precision precision, long seed) {
        Parameters p = Parameters.zeros(c, precision);
        Rng r = new Rng(seed);
        for (int i = 0; i < p.size(); i++) {
            p.storage().set(i, r.nextGaussian() * 0.4);
        }
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientMatchesCentredDifferences(Case k) {
        ModelConfig c = new ModelConfig(k.cell(), k.layers(), 4, k.embedding(), V, k.dropout());
        Parameters p = randomParameters(c, Precision.FLOAT64, 7);
        Network net = new Network(c, Kernels.ojalgo(), Kernels.pointwise(Precision.FLOAT64));
        Workspace ws = window(c, Precision.FLOAT64, k.padded(), new Rng(11));
        Network.Dropout d = new Network.Dropout(k.dropout(), 99, 5);
        Parameters g = analytic(net, p, ws, d);
        Storage w = p.storage();
        double eps = 1e-5;
        double maxAbs = 0;
        for (int i = 0; i < w.size(); i++) {
            maxAbs = Math.max(maxAbs, Math.abs(g.storage().get(i)));
        }
        for (var e : p.tensors().entrySet()) {
            var t = e.getValue();
            for (int i = 0; i < t.size(); i++) {
                double old = t.get(i);
                t.set(i, old + eps);
                double up = loss(net, p, ws, d);
                t.set(i, old - eps);
                double down = loss(net, p, ws, d);
                t.set(i, old);
                double numeric = (up - down) / (2 * eps);
                double got = g.get(e.getKey()).get(i);
                assertThat(Math.abs(got - numeric))
                        .as("%s %s[%d]: analytic %s, numeric %s", k.name(), e.getKey(), i, got, numeric)
                        .isLessThanOrEqualTo(1e-7 * maxAbs + 1e-6 * Math.abs(numeric));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32VectorPathFollowsTheFloat64Reference(Case k) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.vectorAvailable());
        ModelConfig c = new ModelConfig(k.cell(), k.layers(), 12, k.embedding(), V, k.dropout());
        Parameters p64 = randomParameters(c, Precision.FLOAT64, 3);
        Parameters p32 = Parameters.zeros(c, Precision.FLOAT32);
        p32.copyFrom(p64);
        Network ref = new Network(c, Kernels.ojalgo(), Kernels.scalarPointwise());
        Network fast = new Network(c, Kernels.matMul("vector"), Kernels.pointwise(Precision.FLOAT32));
        Network.Dropout d = new Network.Dropout(k.dropout(), 99, 5);
        Parameters g64 = analytic(ref, p64, window(c, Precision.FLOAT64, k.padded(), new Rng(5)), d);
        Parameters g32 = analytic(fast, p32, window(c, Precision.FLOAT32, k.padded(), new Rng(5)), d);
        double scale = 0;
        for (int i = 0; i < g64.size(); i++) {
            scale = Math.max(scale, Math.abs(g64.storage().get(i)));
        }
        for (int i = 0; i < g64.size(); i++) {
            assertThat(g32.storage().get(i)).as("gradient element %d", i)
                    .isCloseTo(g64.storage().get(i), org.assertj.core.api.Assertions.within(2e-5 * scale));
        }
    }
}
