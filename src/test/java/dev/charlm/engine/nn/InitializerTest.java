package dev.charlm.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;
import org.junit.jupiter.api.Test;

/** Each scheme's ranges and spreads, measured on a model large enough for the statistics to be tight. */
class InitializerTest {

    private static final int H = 256;
    private static final ModelConfig LSTM = new ModelConfig(CellType.LSTM, 1, H, 65, 65, 0);

    private static Parameters init(InitScheme scheme) {
        Parameters p = Parameters.zeros(LSTM, Precision.FLOAT64);
        Initializer.initialize(p, scheme, new Rng(7));
        return p;
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) {
            m = Math.max(m, Math.abs(t.get(i)));
        }
        return m;
    }

    private static double std(Tensor t) {
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += t.get(i);
            sq += t.get(i) * t.get(i);
        }
        double mean = sum / t.size();
        return Math.sqrt(sq / t.size() - mean * mean);
    }

    @Test
    void normalDrawsSmallGaussianWeightsAndZeroBiases() {
        Parameters p = init(InitScheme.NORMAL);
        assertThat(std(p.tensors().get("layers.0.wh"))).isCloseTo(0.01, within(0.0005));
        assertThat(maxAbs(p.tensors().get("layers.0.b"))).isZero();
        assertThat(maxAbs(p.tensors().get("output.b"))).isZero();
    }

    @Test
    void uniformIsCharRnnsRangeWithTheForgetBiasAtOne() {
        Parameters p = init(InitScheme.UNIFORM);
        Tensor wh = p.tensors().get("layers.0.wh");
        assertThat(maxAbs(wh)).isLessThanOrEqualTo(0.08).isGreaterThan(0.079);
        Tensor b = p.tensors().get("layers.0.b");
        for (int j = 0; j < 4 * H; j++) {
            boolean forget = j >= H && j < 2 * H;
            assertThat(b.get(j) == 1.0).as("bias %d", j).isEqualTo(forget);
        }
    }

    @Test
    void xavierScalesEachGateBlockByItsOwnFans() {
        Parameters p = init(InitScheme.XAVIER);
        double whLimit = Math.sqrt(6.0 / (H + H));
        assertThat(maxAbs(p.tensors().get("layers.0.wh"))).isLessThanOrEqualTo(whLimit).isGreaterThan(0.99 * whLimit);
        assertThat(std(p.tensors().get("layers.0.wh"))).isCloseTo(whLimit / Math.sqrt(3), within(0.002));
        double outLimit = Math.sqrt(6.0 / (H + 65));
        assertThat(maxAbs(p.tensors().get("output.w"))).isLessThanOrEqualTo(outLimit).isGreaterThan(0.99 * outLimit);
        assertThat(maxAbs(p.tensors().get("layers.0.b"))).isZero();
    }

    @Test
    void torchMatchesPyTorchsDefaultsForEmbeddingCellAndLinear() {
        Parameters p = init(InitScheme.TORCH);
        double k = 1 / Math.sqrt(H);
        // nn.Embedding: N(0, 1)
        assertThat(std(p.tensors().get("embedding"))).isCloseTo(1.0, within(0.03));
        // nn.LSTM weights and nn.Linear: U(±1/√H), standard deviation k/√3
        for (String name : new String[] {"layers.0.wx", "layers.0.wh", "output.w"}) {
            Tensor t = p.tensors().get(name);
            assertThat(maxAbs(t)).as(name).isLessThanOrEqualTo(k).isGreaterThan(0.99 * k);
            assertThat(std(t)).as(name).isCloseTo(k / Math.sqrt(3), within(0.03 * k));
        }
        // b_ih + b_hh: the sum of two such draws, so wider than one (standard deviation k·√(2/3))
        Tensor b = p.tensors().get("layers.0.b");
        assertThat(maxAbs(b)).isGreaterThan(k).isLessThanOrEqualTo(2 * k);
        assertThat(std(b)).isCloseTo(k * Math.sqrt(2.0 / 3), within(0.08 * k));
        assertThat(maxAbs(p.tensors().get("output.b"))).isLessThanOrEqualTo(k);
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        Parameters a = init(InitScheme.TORCH);
        Parameters b = init(InitScheme.TORCH);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.storage().get(i)).isEqualTo(b.storage().get(i));
        }
    }
}
