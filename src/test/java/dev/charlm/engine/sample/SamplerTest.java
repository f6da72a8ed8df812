package dev.charlm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.nn.Workspace;
import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.engine.text.Vocabulary;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.engine.train.Trainer;
import dev.charlm.engine.train.FlatConfig;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SamplerTest {

    static LanguageModel trained = train();

    static LanguageModel train() {
        FlatConfig b = new FlatConfig(TrainingConfig.defaults());
        b.cell = CellType.LSTM;
        b.hiddenSize = 32;
        b.seqLength = 20;
        b.batchSize = 4;
        b.maxSteps = 60;
        b.valFraction = 0;
        b.optimizer = OptimizerConfig.of(OptimizerType.ADAM, 1e-2);
        TrainingConfig c = b.build();
        String text = "分开 我想要你的微笑 不分开 我不要再想 爱情来的太快 ".repeat(20);
        EncodedCorpus corpus = EncodedCorpus.encode(text.getBytes(StandardCharsets.UTF_8), c.text());
        AtomicReference<Checkpoint> cp = new AtomicReference<>();
        try (Trainer t = Trainer.start(c, corpus, Map.of())) {
            t.run(new TrainingListener() {
                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    cp.set(checkpoint);
                }
            }, () -> false);
        }
        return cp.get().servingModelCopy();
    }

    /** Greedy decoding written out step by step with the network, to check the sampler against. */
    static String argmaxByHand(LanguageModel m, String prefix, int n) {
        Network net = new Network(m.config(), Kernels.ojalgo(), Kernels.pointwise(m.weights().precision()));
        Workspace ws = new Workspace(m.config(), m.weights().precision(), 1, 1, false);
        int[] ids = m.encode(prefix);
        StringBuilder out = new StringBuilder();
        int next = ids[0];
        int fed = 1;
        while (out.codePointCount(0, out.length()) < n) {
            ws.inputs[0] = next;
            net.forward(m.packed(), ws, 0, 1, Network.Dropout.NONE);
            net.carryState(ws);
            if (fed < ids.length) {
                next = ids[fed++];
                continue;
            }
            int best = 0;
            for (int v = 1; v < m.config().vocabSize(); v++) {
                if (ws.logits().get(0, v) > ws.logits().get(0, best)) {
                    best = v;
                }
            }
            out.append(m.vocabulary().render(best));
            next = best;
        }
        return out.toString();
    }

    @Test
    void temperatureZeroIsArgmaxAndTopKOneIsTheSame() {
        Sampler s = new Sampler(trained);
        SampleResult greedy = s.sample("分开", SamplingOptions.greedy(30));
        assertThat(greedy.text()).isEqualTo(argmaxByHand(trained, "分开", 30));
        assertThat(greedy.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(greedy.text().codePointCount(0, greedy.text().length())).isEqualTo(30);
        SampleResult topOne = s.sample("分开", new SamplingOptions(30, 0.9, 1, 1, 99L, List.of()));
        assertThat(topOne.text()).isEqualTo(greedy.text());
    }

    @Test
    void aSeedMakesASampleRepeatAndAnotherSeedChangesIt() {
        Sampler s = new Sampler(trained);
        SampleResult a = s.sample("不", SamplingOptions.of(60, 1.5, 42));
        assertThat(s.sample("不", SamplingOptions.of(60, 1.5, 42))).isEqualTo(a);
        assertThat(a.seed()).isEqualTo(42);
        assertThat(s.sample("不", SamplingOptions.of(60, 1.5, 43)).text()).isNotEqualTo(a.text());
        SampleResult unseeded = s.sample("不", new SamplingOptions(20, 1, 0, 1, null, List.of()));
        assertThat(s.sample("不", SamplingOptions.of(20, 1, unseeded.seed()))).isEqualTo(unseeded);
    }

    @Test
    void aSeedDrawnForARequestSurvivesAJavaScriptClient() {
        Sampler s = new Sampler(trained);
        for (int i = 0; i < 200; i++) {
            long seed = s.sample("不", new SamplingOptions(1, 1, 0, 1, null, List.of())).seed();
            assertThat((long) (double) seed).as("seed %d read back as a double", seed).isEqualTo(seed);
        }
    }

    @Test
    void batchedSamplesEqualOneAtATimeWithConsecutiveSeeds() {
        Sampler s = new Sampler(trained);
        SamplingOptions o = SamplingOptions.of(25, 1.0, 100);
        List<SampleResult> many = s.sampleMany(List.of("分开", "不分开", "我", ""), o);
        assertThat(many).hasSize(4);
        assertThat(many.get(0)).isEqualTo(s.sample("分开", o));
        assertThat(many.get(1)).isEqualTo(s.sample("不分开", o.withSeed(101)));
        assertThat(many.get(3)).isEqualTo(s.sample("", o.withSeed(103)));
    }

    @Test
    void samplesAdvancedByThreeThreadsEqualThoseOfOneThreadBitForBit() {
        // seven sequences cut 2 + 2 + 3, of different prefix lengths, some stopping early on a stop string
        List<String> prefixes = List.of("分开", "不分开", "我", "", "爱情来的", "我想要你的微笑", "不");
        SamplingOptions o = new SamplingOptions(12, 0.9, 0, 1, 7L, List.of("不要"), new LogprobOptions(3, true));
        List<SampleResult> one = new Sampler(trained, Kernels.matMul("auto"), 1).sampleMany(prefixes, o);
        List<SampleResult> three = new Sampler(trained, Kernels.matMul("auto"), 3).sampleMany(prefixes, o);
        assertThat(three).isEqualTo(one);
        assertThat(one).extracting(SampleResult::finishReason).contains(FinishReason.LENGTH, FinishReason.STOP);
        assertThat(new Sampler(trained, Kernels.matMul("auto"), 8).sampleMany(prefixes.subList(0, 2), o))
                .as("more threads than sequences").isEqualTo(one.subList(0, 2));
    }

    @Test
    void stopStringsEndGenerationAndAreNeverStreamed() {
        Sampler s = new Sampler(trained);
        SampleResult free = s.sample("分开", SamplingOptions.greedy(40));
        String stop = free.text().substring(5, 7);
        int at = free.text().indexOf(stop);
        StringBuilder streamed = new StringBuilder();
        SampleResult r = s.sample("分开", new SamplingOptions(40, 0, 0, 1, 0L, List.of(stop, "无关")), piece -> {
            streamed.append(piece);
            return true;
        });
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.text()).isEqualTo(free.text().substring(0, at));
        assertThat(streamed.toString()).isEqualTo(r.text());
    }

    @Test
    void streamingDeliversEveryCharacterAndCanBeStopped() {
        Sampler s = new Sampler(trained);
        List<String> pieces = new ArrayList<>();
        SampleResult r = s.sample("我", SamplingOptions.of(15, 1, 5), p -> {
            pieces.add(p);
            return true;
        });
        assertThat(pieces).hasSize(15);
        assertThat(String.join("", pieces)).isEqualTo(r.text());
        List<String> few = new ArrayList<>();
        SampleResult cut = s.sample("我", SamplingOptions.of(15, 1, 5), p -> few.add(p) && few.size() < 4);
        assertThat(cut.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(few).hasSize(4);
    }

    @Test
    void unknownPrefixCharactersAreNamedOrBecomeUnk() {
        Sampler s = new Sampler(trained);
        assertThatThrownBy(() -> s.sample("分x开y", SamplingOptions.greedy(5)))
                .isInstanceOfSatisfying(UnknownCharactersException.class, e -> assertThat(e.characters()).containsExactly("x", "y"))
                .hasMessageContaining("'x' (U+0078)");
        LanguageModel withUnk = fixedDistribution(new double[] {0.5, 0.5}, true);
        assertThat(new Sampler(withUnk).sample("zzz", SamplingOptions.greedy(3)).text()).hasSize(3);
    }

    @Test
    void anEmptyPrefixStartsFromTheMostFrequentCharacterWhenGreedy() {
        SampleResult r = new Sampler(trained).sample("", SamplingOptions.greedy(10));
        assertThat(r.text()).startsWith(trained.vocabulary().render(0));
        assertThat(r.text().codePointCount(0, r.text().length())).isEqualTo(10);
        assertThat(new Sampler(trained).sample("", SamplingOptions.greedy(0)).text()).isEmpty();
    }

    @Test
    void lengthHasAHardCap() {
        assertThatThrownBy(() -> SamplingOptions.greedy(SamplingOptions.MAX_LENGTH + 1)).hasMessageContaining("length");
        assertThatThrownBy(() -> new SamplingOptions(5, -1, 0, 1, null, List.of())).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new SamplingOptions(5, 1, 0, 0, null, List.of())).hasMessageContaining("topP");
    }

    @Test
    void manyThreadsSampleOneModelAtOnce() throws Exception {
        Sampler s = new Sampler(trained);
        SampleResult expected = s.sample("分开", SamplingOptions.of(50, 1, 7));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SampleResult>> fs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                fs.add(pool.submit((Callable<SampleResult>) () -> s.sample("分开", SamplingOptions.of(50, 1, 7))));
            }
            for (Future<SampleResult> f : fs) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void concurrentRequestsBatchedTogetherGiveTheSameTextAsAlone() throws Exception {
        BatchingSampler batching = new BatchingSampler(trained, 4);
        Sampler alone = new Sampler(trained);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<SampleResult>> fs = new ArrayList<>();
            List<SampleResult> want = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String prefix = i % 3 == 0 ? "分开" : i % 3 == 1 ? "" : "不分开我";
                SamplingOptions o = new SamplingOptions(10 + i, 0.9, 0, 1, (long) i, i % 4 == 0 ? List.of("我") : List.of());
                want.add(alone.sample(prefix, o));
                fs.add(pool.submit(() -> batching.sample(prefix, o)));
            }
            for (int i = 0; i < fs.size(); i++) {
                assertThat(fs.get(i).get()).as("request %d", i).isEqualTo(want.get(i));
            }
        } finally {
            pool.shutdown();
        }
        assertThatThrownBy(() -> batching.sample("x", SamplingOptions.greedy(3))).isInstanceOf(UnknownCharactersException.class);
        assertThat(batching.sample("分", SamplingOptions.greedy(0)).text()).isEmpty();
    }

    // ---- sampling from a fixed distribution ----

    /** A model whose next-character distribution is p whatever the input: zero weights, output bias log p. */
    static LanguageModel fixedDistribution(double[] p, boolean unk) {
        int v = p.length;
        int[] cps = new int[v];
        long[] counts = new long[v];
        for (int i = 0; i < v; i++) {
            cps[i] = 'a' + i;
            counts[i] = v - i;
        }
        if (unk) {
            cps[v - 1] = Vocabulary.UNK;
        }
        ModelConfig c = new ModelConfig(CellType.RNN, 1, 2, 0, v, 0);
        Parameters w = Parameters.zeros(c, Precision.FLOAT64);
        for (int i = 0; i < v; i++) {
            w.bq().set(i, Math.log(p[i]));
        }
        return new LanguageModel(c, TextOptions.DEFAULT, new Vocabulary(cps, counts), w);
    }

    static double[] frequencies(SamplingOptions o, double[] p) {
        String text = new Sampler(fixedDistribution(p, false)).sample("a", o).text();
        double[] f = new double[p.length];
        for (char ch : text.toCharArray()) {
            f[ch - 'a']++;
        }
        for (int i = 0; i < f.length; i++) {
            f[i] /= text.length();
        }
        return f;
    }

    static void assertMatches(double[] got, double[] want, int n) {
        for (int i = 0; i < want.length; i++) {
            double sd = Math.sqrt(want[i] * (1 - want[i]) / n);
            assertThat(got[i]).as("frequency of token %d", i).isCloseTo(want[i], org.assertj.core.api.Assertions.within(5 * sd + 1e-9));
        }
    }

    static final double[] P = {0.4, 0.25, 0.2, 0.1, 0.05};
    static final int N = 40_000;

    @Test
    void temperatureOneSamplesTheModelsDistribution() {
        assertMatches(frequencies(SamplingOptions.of(N, 1, 1), P), P, N);
    }

    @Test
    void temperatureSharpensOrFlattensTheDistribution() {
        double[] sharp = new double[P.length];
        double z = 0;
        for (int i = 0; i < P.length; i++) {
            sharp[i] = Math.pow(P[i], 2);   // T = 0.5: p^(1/T)
            z += sharp[i];
        }
        for (int i = 0; i < P.length; i++) {
            sharp[i] /= z;
        }
        assertMatches(frequencies(SamplingOptions.of(N, 0.5, 2), P), sharp, N);
    }

    @Test
    void topKKeepsTheKMostLikely() {
        double[] want = {0.4 / 0.65, 0.25 / 0.65, 0, 0, 0};
        assertMatches(frequencies(new SamplingOptions(N, 1, 2, 1, 3L, List.of()), P), want, N);
    }

    @Test
    void topPKeepsTheSmallestNucleusReachingP() {
        // 0.4 + 0.25 = 0.65 < 0.7, + 0.2 = 0.85 >= 0.7: three tokens
        double[] want = {0.4 / 0.85, 0.25 / 0.85, 0.2 / 0.85, 0, 0};
        assertMatches(frequencies(new SamplingOptions(N, 1, 0, 0.7, 4L, List.of()), P), want, N);
    }

    @Test
    void topPAppliesToTheMassOfTheTopKNotOfTheWholeVocabulary() {
        // top 2 of {.5, .2, .2, .1}: .5/.7 = .71 >= .7 alone, so only the first token is left (as in
        // Hugging Face and llama.cpp); measured against the whole vocabulary, .5 < .7 would keep two
        double[] p = {0.5, 0.2, 0.2, 0.1};
        double[] f = frequencies(new SamplingOptions(2_000, 1, 2, 0.7, 5L, List.of()), p);
        assertThat(f).containsExactly(1, 0, 0, 0);
    }

    @Test
    void anEmptyPrefixDrawsItsFirstCharacterWithTheSamplingOptions() {
        // the corpus counts are 5, 4, 3, 2, 1 for a..e: the first character is drawn from them with the options
        Sampler s = new Sampler(fixedDistribution(P, false));
        java.util.Set<String> topK2 = new java.util.TreeSet<>(), topP = new java.util.TreeSet<>(), cold = new java.util.TreeSet<>();
        for (long seed = 0; seed < 300; seed++) {
            topK2.add(s.sample("", new SamplingOptions(1, 1, 2, 1, seed, List.of())).text());
            topP.add(s.sample("", new SamplingOptions(1, 1, 0, 0.3, seed, List.of())).text());   // 5/15 >= .3
            cold.add(s.sample("", new SamplingOptions(1, 0.01, 0, 1, seed, List.of())).text());  // b: (4/5)^100 ≈ 2e-10
        }
        assertThat(topK2).containsExactly("a", "b");
        assertThat(topP).containsExactly("a");
        assertThat(cold).containsExactly("a");
    }
}
