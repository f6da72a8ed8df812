package dev.charlm.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against every fixture of the independent numpy reference (../shared/reference/*.json):
 * logits, loss and final state to 1e-9 and every parameter gradient to 1e-6 relative, in float64, with
 * each kernel and with the batch split over one and two threads.
 */
class ReferenceFixtureTest {

    static Stream<Arguments> cases() {
        return ReferenceFixture.all().flatMap(f -> Stream.of(
                Arguments.of(f.file() + " ojalgo 1 thread", f, "ojalgo", 1),
                Arguments.of(f.file() + " vector 2 threads", f, "vector", 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReferenceImplementation(String name, ReferenceFixture fx, String kernel, int threads) {
        Result r = run(fx, Precision.FLOAT64, Kernels.matMul(kernel), threads);
        int B = fx.batch(), T = fx.steps(), V = fx.vocab(), H = fx.hidden();

        double[][][] logits = fx.expectedLogits();
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int v = 0; v < V; v++) {
                    assertThat(r.logits.get(b * T + t, v)).as("logit b=%d t=%d v=%d", b, t, v)
                            .isCloseTo(logits[b][t][v], within(1e-9));
                }
            }
        }
        assertThat(r.loss).as("loss").isCloseTo(fx.expectedLoss(), within(1e-9));

        var finalState = fx.json().get("expected").get("final_state");
        double[][][] hT = fx.state(finalState, "H");
        double[][][] cT = fx.state(finalState, "C");
        for (int l = 0; l < fx.layers(); l++) {
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < H; j++) {
                    assertThat(r.ws.hidden(l).get(b * T + T - 1, j)).as("H layer %d b=%d j=%d", l, b, j)
                            .isCloseTo(hT[l][b][j], within(1e-9));
                    if (cT != null) {
                        assertThat(r.ws.cell(l).get(b * T + T - 1, j)).as("C layer %d b=%d j=%d", l, b, j)
                                .isCloseTo(cT[l][b][j], within(1e-9));
                    }
                }
            }
        }

        // Relative error of each gradient tensor, ‖got − want‖∞ / ‖want‖∞. The reference gradients are
        // central differences with step 1e-6, exact to about 1e-10 absolute, so an element-wise relative
        // bound would test the reference's rounding on near-zero entries rather than the engine.
        Parameters expected = fx.expectedGradients();
        for (var e : expected.tensors().entrySet()) {
            Tensor want = e.getValue();
            Tensor got = r.grads.get(e.getKey());
            double scale = 0, err = 0;
            for (int i = 0; i < want.size(); i++) {
                scale = Math.max(scale, Math.abs(want.get(i)));
                err = Math.max(err, Math.abs(got.get(i) - want.get(i)));
            }
            assertThat(scale).as("reference gradient %s is not all zero", e.getKey()).isGreaterThan(0);
            assertThat(err / scale).as("relative error of gradient %s", e.getKey()).isLessThanOrEqualTo(1e-6);
        }
    }

    record Result(Workspace ws, Tensor logits, double loss, Parameters grads) {
    }

    static Result run(ReferenceFixture fx, Precision precision, MatMul mm, int threads) {
        ModelConfig c = fx.modelConfig();
        Parameters p = fx.parameters(precision);
        int B = fx.batch(), T = fx.steps();
        Workspace ws = new Workspace(c, precision, B, T, true);
        int[][] in = fx.tokens("inputs");
        int[][] tg = fx.tokens("targets");
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                ws.inputs[b * T + t] = in[b][t];
                ws.targets[b * T + t] = tg[b][t];
                ws.weights[b * T + t] = 1.0 / (B * T);
            }
        }
        var init = fx.json().get("initial_state");
        double[][][] h0 = fx.state(init, "H");
        double[][][] c0 = fx.state(init, "C");
        for (int l = 0; l < c.layers(); l++) {
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < c.hiddenSize(); j++) {
                    ws.initialHidden(l).set(b, j, h0[l][b][j]);
                    if (c0 != null) {
                        ws.initialCell(l).set(b, j, c0[l][b][j]);
                    }
                }
            }
        }
        Network net = new Network(c, mm, Kernels.pointwise(precision));
        Parameters grads = p.zerosLike();
        PackedWeights packed = PackedWeights.forTraining(p);
        Tensor logits = Tensor.zeros(Precision.FLOAT64, B * T, c.vocabSize());
        try (Parallel par = new Parallel(threads)) {
            par.run(threads, part -> {
                int b0 = Parallel.start(B, threads, part), b1 = Parallel.start(B, threads, part + 1);
                net.forward(packed, ws, b0, b1, Network.Dropout.NONE);
                ws.logits().rows(b0 * T, (b1 - b0) * T).copyTo(0, logits, b0 * T * c.vocabSize(), (b1 - b0) * T * c.vocabSize());
                net.loss(ws, b0, b1);
                net.backward(packed, ws, b0, b1, Network.Dropout.NONE);
            });
            par.run(threads, part -> net.weightGradients(ws, grads, part, threads));
        }
        Network.LossSum s = net.lossSum(ws);
        return new Result(ws, logits, s.nats() / s.count(), grads);
    }
}
