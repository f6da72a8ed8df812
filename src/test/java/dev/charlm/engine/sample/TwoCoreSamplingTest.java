package dev.charlm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.nn.Initializer;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.text.Vocabulary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A single sequence sampled with two threads (the recurrent product split by columns between the caller
 * and a helper) against one thread: the same characters and the same log-probabilities, bit for bit.
 */
class TwoCoreSamplingTest {

    private static final String TEXT = "First Citizen:\nBefore we proceed any further, hear me speak.\nAll:\nSpeak, speak.\n";

    /** float32 and 128 hidden units, so the recurrent product (128 × G·128) is large enough to be split. */
    static LanguageModel model(CellType cell, int layers) {
        Map<Integer, Long> freq = new HashMap<>();
        TEXT.codePoints().forEach(cp -> freq.merge(cp, 1L, Long::sum));
        Vocabulary vocab = Vocabulary.build(freq, 0, 1);
        ModelConfig c = new ModelConfig(cell, layers, 128, 0, vocab.size(), 0);
        Parameters p = Parameters.zeros(c, Precision.FLOAT32);
        Initializer.initialize(p, InitScheme.TORCH, new Rng(11));
        return new LanguageModel(c, TextOptions.DEFAULT, vocab, p);
    }

    static SamplingOptions options(long seed) {
        return new SamplingOptions(300, 0.8, 0, 1.0, seed, List.of()).withLogprobs(new LogprobOptions(5, true));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void twoThreadsGiveTheSameCharactersAndLogprobsAsOne(CellType cell) {
        LanguageModel m = model(cell, 2);
        Sampler one = new Sampler(m, Kernels.matMul("auto"), 1);
        Sampler two = new Sampler(m, Kernels.matMul("auto"), 2);
        for (long seed = 1; seed <= 3; seed++) {
            SampleResult want = one.sample("First", options(seed));
            SampleResult got = two.sample("First", options(seed));
            assertThat(got.text()).hasSize(300).isEqualTo(want.text());
            assertThat(got.logprobs()).isEqualTo(want.logprobs());   // doubles compared exactly: the logits agree
        }
    }

    @Test
    void stepsTheConditionRefusesRunOnOneThreadWithTheSameResult() {
        LanguageModel m = model(CellType.LSTM, 1);
        AtomicInteger asked = new AtomicInteger();
        // every other step on one core: switching mid-sample changes no bit either
        Sampler alternating = new Sampler(m, Kernels.matMul("auto"), 2, () -> asked.incrementAndGet() % 2 == 0);
        SampleResult want = new Sampler(m, Kernels.matMul("auto"), 1).sample("All", options(5));
        assertThat(alternating.sample("All", options(5))).isEqualTo(want);
        assertThat(asked.get()).as("asked once per step: 3 prefix characters, 300 generated, the last one needing no step").isEqualTo(3 + 300 - 1);
    }

    @Test
    void concurrentSingleSequencesShareTheHelperAndStayReproducible() throws Exception {
        LanguageModel m = model(CellType.GRU, 1);
        Sampler two = new Sampler(m, Kernels.matMul("auto"), 2);
        Sampler one = new Sampler(m, Kernels.matMul("auto"), 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SampleResult>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long seed = i;
                runs.add(pool.submit(() -> two.sample("Speak", options(seed))));   // one at a time gets the helper
            }
            for (int i = 0; i < 8; i++) {
                assertThat(runs.get(i).get()).isEqualTo(one.sample("Speak", options(i)));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
