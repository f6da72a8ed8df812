package dev.charlm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.sample.FinishReason;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.text.EncodedCorpus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TrainerTest {

    static final String TEXT = "the quick brown fox jumps over the lazy dog. ".repeat(12)
            + "pack my box with five dozen liquor jugs! ".repeat(10);

    static FlatConfig small() {
        FlatConfig b = new FlatConfig(TrainingConfig.defaults());
        b.cell = CellType.LSTM;
        b.layers = 2;
        b.hiddenSize = 24;
        b.seqLength = 16;
        b.batchSize = 4;
        b.epochs = 1000;
        b.valFraction = 0;
        b.optimizer = OptimizerConfig.of(OptimizerType.ADAM, 1e-2);
        b.seed = 7;
        return b;
    }

    static EncodedCorpus corpus(String text, TrainingConfig c) {
        return EncodedCorpus.encode(text.getBytes(StandardCharsets.UTF_8), c.text());
    }

    /** Runs a config and returns per-step losses; the last checkpoint lands in {@code last}. */
    static List<Double> train(TrainingConfig c, String text, AtomicReference<Checkpoint> last) {
        List<Double> losses = new ArrayList<>();
        try (Trainer t = Trainer.start(c, corpus(text, c), Map.of())) {
            t.run(new TrainingListener() {
                @Override
                public void onProgress(Progress p) {
                    losses.add(p.loss());
                }

                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    if (last != null) {
                        last.set(ModelFile.fromBytes(ModelFile.toBytes(checkpoint)));
                    }
                }
            }, () -> false);
        }
        return losses;
    }

    static void assertSameBits(Parameters a, Parameters b) {
        assertThat(a.size()).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(Double.doubleToRawLongBits(a.storage().get(i))).as("weight %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(b.storage().get(i)));
        }
    }

    @Test
    void aTwoLayerLstmOverfitsAShortString() {
        FlatConfig b = small();
        b.batchSize = 1;
        b.seqLength = 21;
        b.hiddenSize = 32;
        b.epochs = 400;
        String text = "the quick brown fox jumps over the lazy dog";
        double[] lastEpoch = {Double.NaN};
        TrainingConfig c = b.build();
        try (Trainer t = Trainer.start(c, corpus(text, c), Map.of())) {
            Outcome o = t.run(new TrainingListener() {
                @Override
                public void onEpoch(EpochEnd e) {
                    lastEpoch[0] = e.meanLoss();
                }
            }, () -> false);
            assertThat(o.status()).isEqualTo(Outcome.Status.COMPLETED);
            assertThat(o.reason()).isEqualTo("completed 400 epochs");
        }
        assertThat(lastEpoch[0]).isLessThan(0.01);
    }

    @Test
    void theSameConfigAndSeedGiveTheSameBitsWhateverTheThreadCount() {
        FlatConfig b = small();
        b.dropout = 0.2;
        b.batching = BatchingMode.RANDOM;
        b.maxSteps = 25;
        b.threads = 1;
        AtomicReference<Checkpoint> one = new AtomicReference<>();
        List<Double> l1 = train(b.build(), TEXT, one);
        AtomicReference<Checkpoint> again = new AtomicReference<>();
        List<Double> l2 = train(b.build(), TEXT, again);
        b.threads = 2;
        AtomicReference<Checkpoint> two = new AtomicReference<>();
        List<Double> l3 = train(b.build(), TEXT, two);
        assertThat(l1).hasSize(25).isEqualTo(l2).isEqualTo(l3);
        assertSameBits(one.get().weights(), again.get().weights());
        assertSameBits(one.get().weights(), two.get().weights());
        b.seed = 8;
        assertThat(train(b.build(), TEXT, null)).isNotEqualTo(l1);
    }

    @Test
    void resumingFromAModelFileContinuesBitForBit() {
        FlatConfig b = small();
        b.dropout = 0.1;
        b.randomOffset = true;
        b.lrDecay = 0.9;
        b.lrDecayAfter = 1;
        b.valFraction = 0.1;
        b.evalEvery = 7;
        b.maxSteps = 40;
        TrainingConfig full = b.build();
        AtomicReference<Checkpoint> end = new AtomicReference<>();
        List<Double> straight = train(full, TEXT, end);

        b.maxSteps = 23;
        AtomicReference<Checkpoint> mid = new AtomicReference<>();
        List<Double> first = train(b.build(), TEXT, mid);
        assertThat(mid.get().state().step()).isEqualTo(23);
        Checkpoint restored = mid.get().withConfig(full);
        List<Double> rest = new ArrayList<>();
        try (Trainer t = Trainer.resume(restored, corpus(TEXT, full))) {
            Outcome o = t.run(new TrainingListener() {
                @Override
                public void onProgress(Progress p) {
                    rest.add(p.loss());
                }

                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    mid.set(ModelFile.fromBytes(ModelFile.toBytes(checkpoint)));
                }
            }, () -> false);
            assertThat(o.state().step()).isEqualTo(40);
        }
        List<Double> joined = new ArrayList<>(first);
        joined.addAll(rest);
        assertThat(joined).isEqualTo(straight);
        assertSameBits(mid.get().weights(), end.get().weights());
        assertThat(mid.get().optimizerSteps()).isEqualTo(40);
    }

    @Test
    void aDivergingRunFailsWithAReason() {
        FlatConfig b = small();
        b.cell = CellType.RNN;
        b.layers = 1;
        b.optimizer = OptimizerConfig.of(OptimizerType.SGD, 500);
        b.clip = ClipMode.NONE;
        b.init = dev.charlm.engine.nn.InitScheme.UNIFORM;
        TrainingConfig c = b.build();
        try (Trainer t = Trainer.start(c, corpus(TEXT, c), Map.of())) {
            Outcome o = t.run(new TrainingListener() { }, () -> false);
            assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(o.reason()).contains("diverged").contains("lower the learning rate");
        }
    }

    @Test
    void aOneStepLossSpikeDoesNotStopARun() {
        // min-char-rnn: Adagrad's first steps move every weight by the whole learning rate, and a
        // single 25-character window's loss jumps far above the first before it falls
        FlatConfig b = small();
        b.cell = CellType.RNN;
        b.layers = 1;
        b.hiddenSize = 100;
        b.seqLength = 25;
        b.batchSize = 1;
        b.optimizer = OptimizerConfig.of(OptimizerType.ADAGRAD, 0.1);
        b.clip = ClipMode.VALUE;
        b.clipThreshold = 5;
        b.init = dev.charlm.engine.nn.InitScheme.NORMAL;
        b.lossReduction = LossReduction.SUM;
        b.seed = TrainingConfig.defaults().run().seed();
        b.maxSteps = 300;
        TrainingConfig c = b.build();
        String shakespeare;
        try (var in = TrainerTest.class.getResourceAsStream("/corpora/tinyshakespeare.txt")) {
            shakespeare = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Double> losses = new ArrayList<>();
        AtomicReference<Double> smoothed = new AtomicReference<>();
        try (Trainer t = Trainer.start(c, corpus(shakespeare, c), Map.of())) {
            Outcome o = t.run(new TrainingListener() {
                @Override
                public void onProgress(Progress p) {
                    losses.add(p.loss());
                    smoothed.set(p.smoothedLoss());
                }
            }, () -> false);
            assertThat(losses.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isGreaterThan(3 * losses.get(0));
            assertThat(o.status()).isEqualTo(Outcome.Status.COMPLETED);
            assertThat(smoothed.get()).isLessThan(losses.get(0));
        }
    }

    @Test
    void cancellationIsCheckedBetweenStepsAndLeavesACheckpoint() {
        TrainingConfig c = small().build();
        AtomicInteger steps = new AtomicInteger();
        AtomicReference<Checkpoint> last = new AtomicReference<>();
        try (Trainer t = Trainer.start(c, corpus(TEXT, c), Map.of())) {
            Outcome o = t.run(new TrainingListener() {
                @Override
                public void onProgress(Progress p) {
                    steps.incrementAndGet();
                }

                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    last.set(checkpoint);
                }
            }, () -> steps.get() >= 3);
            assertThat(o.status()).isEqualTo(Outcome.Status.CANCELLED);
            assertThat(o.state().step()).isEqualTo(3);
        }
        assertThat(last.get().state().step()).isEqualTo(3);
    }

    @Test
    void stopsAtMaxStepsAndReportsProgress() {
        FlatConfig b = small();
        b.maxSteps = 6;
        b.valFraction = 0.2;
        b.evalEvery = 2;
        List<TrainingListener.Progress> progress = new ArrayList<>();
        List<TrainingListener.Evaluation> evals = new ArrayList<>();
        TrainingConfig c = b.build();
        try (Trainer t = Trainer.start(c, corpus(TEXT, c), Map.of())) {
            Outcome o = t.run(new TrainingListener() {
                @Override
                public void onProgress(Progress p) {
                    progress.add(p);
                }

                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    evals.add(e);
                }
            }, () -> false);
            assertThat(o.reason()).isEqualTo("reached maxSteps 6");
        }
        assertThat(progress).hasSize(6);
        TrainingListener.Progress last = progress.get(5);
        assertThat(last.step()).isEqualTo(6);
        assertThat(last.pace().progress()).isEqualTo(1.0);
        assertThat(last.train().perplexity()).isCloseTo(Math.exp(last.loss()), within(1e-9));
        assertThat(last.pace().charsPerSecond()).isPositive();
        assertThat(last.figures().gradientNorm()).isPositive();
        assertThat(last.figures().learningRate()).isEqualTo(1e-2);
        assertThat(last.validation().latest()).isNotNull();
        assertThat(evals).extracting(TrainingListener.Evaluation::step).containsExactly(2L, 4L, 6L);
        assertThat(progress.get(0).loss()).isCloseTo(Math.log(corpus(TEXT, c).vocabulary().size()), within(0.2));
    }

    @Test
    void keepsTheWeightsOfTheBestValidation() {
        FlatConfig b = small();
        b.valFraction = 0.2;
        b.evalEvery = 3;
        b.maxSteps = 30;
        b.optimizer = OptimizerConfig.of(OptimizerType.ADAM, 0.05);
        TrainingConfig c = b.build();
        List<Double> vals = new ArrayList<>();
        List<Parameters> snapshots = new ArrayList<>();
        AtomicReference<Checkpoint> last = new AtomicReference<>();
        try (Trainer t = Trainer.start(c, corpus(TEXT, c), Map.of())) {
            t.run(new TrainingListener() {
                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    vals.add(e.validationLoss());
                    snapshots.add(checkpoint.weights().copy());
                    last.set(checkpoint);
                }
            }, () -> false);
        }
        int best = 0;
        for (int i = 1; i < vals.size(); i++) {
            if (vals.get(i) < vals.get(best)) {
                best = i;
            }
        }
        assertThat(last.get().state().bestValidationLoss()).isEqualTo(vals.get(best));
        assertSameBits(last.get().best(), snapshots.get(best));
    }

    @Test
    void theLearningRateDecaysAfterEachEpochFromTheConfiguredOne() {
        FlatConfig b = small();
        b.optimizer = OptimizerConfig.of(OptimizerType.RMSPROP, 2e-3);
        b.lrDecay = 0.97;
        b.lrDecayAfter = 10;
        TrainingConfig c = b.build();
        try (Trainer t = Trainer.start(c, corpus(TEXT, c), Map.of())) {
            assertThat(t.learningRate(0)).isEqualTo(2e-3);
            assertThat(t.learningRate(9)).isEqualTo(2e-3);
            assertThat(t.learningRate(10)).isCloseTo(2e-3 * 0.97, within(1e-15));
            assertThat(t.learningRate(12)).isCloseTo(2e-3 * 0.97 * 0.97 * 0.97, within(1e-15));
        }
    }

    @Test
    void lineModeLearnsNamesThatEndAtTheEndOfLine() {
        FlatConfig b = small();
        b.batching = BatchingMode.LINES;
        b.cell = CellType.GRU;
        b.layers = 1;
        b.hiddenSize = 32;
        b.batchSize = 3;
        b.seqLength = 5;          // shorter than most names: lines continue across windows
        b.epochs = 60;
        b.preprocessing = dev.charlm.engine.text.Preprocessing.LOWERCASE;
        String names = "Aardonyx\nAbelisaurus\nAchelousaurus\nAcrocanthosaurus\nAegyptosaurus\n\nAfrovenator\n";
        TrainingConfig c = b.build();
        EncodedCorpus corpus = corpus(names, c);
        AtomicReference<Checkpoint> last = new AtomicReference<>();
        try (Trainer t = Trainer.start(c, corpus, Map.of())) {
            assertThat(t.windowsPerEpoch()).isGreaterThan(2);
            t.run(new TrainingListener() {
                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    last.set(checkpoint);
                }
            }, () -> false);
        }
        Sampler s = new Sampler(last.get().servingModelCopy());
        SampleResult r = s.sample("acr", SamplingOptions.greedy(50));
        assertThat(r.finishReason()).isEqualTo(FinishReason.END_OF_LINE);
        assertThat("acr" + r.text()).isEqualTo("acrocanthosaurus");
        assertThat(s.sample("", SamplingOptions.greedy(50)).finishReason()).isEqualTo(FinishReason.END_OF_LINE);
    }

    @Test
    void deliversPeriodicSamplesFromTheConfiguredPrefixes() {
        FlatConfig b = small();
        b.maxSteps = 10;
        b.sampleEvery = 5;
        b.samplePrefixes = List.of("the", "pack");
        b.sampleLength = 12;
        b.sampleTemperature = 0;
        List<TrainingListener.PeriodicSample> samples = new ArrayList<>();
        TrainingConfig c = b.build();
        try (Trainer t = Trainer.start(c, corpus(TEXT, c), Map.of())) {
            t.run(new TrainingListener() {
                @Override
                public void onSample(PeriodicSample s) {
                    samples.add(s);
                }
            }, () -> false);
        }
        assertThat(samples).extracting(TrainingListener.PeriodicSample::step).containsExactly(5L, 5L, 10L, 10L);
        assertThat(samples).extracting(TrainingListener.PeriodicSample::prefix).containsExactly("the", "pack", "the", "pack");
        assertThat(samples).allSatisfy(s -> assertThat(s.text().codePointCount(0, s.text().length())).isEqualTo(12));
    }

    @Test
    void refusesSamplePrefixesWithUnknownCharactersAndCorporaTooSmall() {
        FlatConfig b = small();
        b.samplePrefixes = List.of("ok", "分开");
        TrainingConfig c = b.build();
        assertThatThrownBy(() -> Trainer.start(c, corpus(TEXT, c), Map.of()))
                .hasMessageContaining("samplePrefixes[1]").hasMessageContaining("'分' (U+5206)");
        FlatConfig big = small();
        big.batchSize = 64;
        big.seqLength = 64;
        TrainingConfig c2 = big.build();
        assertThatThrownBy(() -> Trainer.start(c2, corpus(TEXT, c2), Map.of()))
                .hasMessageContaining("needs at least 4097").hasMessageContaining("lower batchSize or seqLength");
    }

    @Test
    void float64TrainingWorksThroughTheSameCode() {
        FlatConfig b = small();
        b.precision = Precision.FLOAT64;
        b.maxSteps = 5;
        List<Double> losses = train(b.build(), TEXT, null);
        assertThat(losses).hasSize(5);
        assertThat(losses.get(4)).isLessThan(losses.get(0));
    }
}
