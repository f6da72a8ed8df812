package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.corpus.Corpus;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.engine.train.FlatConfig;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.web.InvalidFieldsException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class JobMemoryTest {

    /** 9 distinct characters (V = 10 with <unk>), 1000 of them. */
    static final Corpus CORPUS = new Corpus("c", "c", new Corpus.Contents(1000, 9, 10, 1000, "0"), Instant.EPOCH, false);

    static TrainingConfig gru(int hidden, OptimizerType optimizer, double valFraction) {
        FlatConfig b = new FlatConfig(TrainingConfig.defaults());
        b.cell = CellType.GRU;
        b.hiddenSize = hidden;
        b.batchSize = 2;
        b.seqLength = 3;
        b.optimizer = OptimizerConfig.of(optimizer, 1e-3);
        b.valFraction = valFraction;
        return b.build();
    }

    @Test
    void theEstimateCountsEveryCopyOfTheParametersTheWorkspacesAndTheCorpus() {
        JobMemory m = JobMemory.of(gru(8, OptimizerType.ADAM, 0.1), CORPUS);
        // P = W_x (V × 3H) + W_h (H × 3H) + b (3H) + W_q (H × V) + b_q (V) = 240 + 192 + 24 + 80 + 10
        long p = 546;
        long packed = 2 * (192 + 80);   // W_h and W_q, forward and transposed (the lookup W_x is not packed)
        // weights, gradients, two Adam moments, best weights; the checkpoint buffer: weights, moments, best
        assertThat(m.parameterBytes()).isEqualTo(((5 + 4) * p + packed) * 4);
        // B·T = 6 positions: training GRU 13 H-wide columns + V logits; validation 5 H + V; 32 bytes of ids and weights
        assertThat(m.workspaceBytes()).isEqualTo(6 * (13 * 8 + 10 + 5 * 8 + 10) * 4 + 6 * 32);
        assertThat(m.corpusBytes()).as("1000 characters, one byte each under a vocabulary of 10").isEqualTo(1000);
        assertThat(m.total()).isEqualTo(m.parameterBytes() + m.workspaceBytes() + m.corpusBytes());
    }

    @Test
    void theCorpusIsCountedAtTheWidthTheEncodedTokensTake() {
        TrainingConfig c = gru(8, OptimizerType.ADAM, 0.1);
        assertThat(JobMemory.of(c, corpus(255)).corpusBytes()).as("V = 256: one byte").isEqualTo(1000);
        assertThat(JobMemory.of(c, corpus(256)).corpusBytes()).as("V = 257: two bytes").isEqualTo(2000);
        assertThat(JobMemory.of(c, corpus(65_535)).corpusBytes()).as("V = 65,536: two bytes").isEqualTo(2000);
        assertThat(JobMemory.of(c, corpus(65_536)).corpusBytes()).as("V = 65,537: four bytes").isEqualTo(4000);
        FlatConfig capped = new FlatConfig(c);
        capped.maxVocab = 200;
        assertThat(JobMemory.of(capped.build(), corpus(65_536)).corpusBytes()).as("maxVocab caps V").isEqualTo(1000);
    }

    /** 1000 characters of {@code distinct} distinct ones (V = distinct + 1 with <unk>). */
    static Corpus corpus(int distinct) {
        return new Corpus("c", "c", new Corpus.Contents(1000, distinct, 10, 4000, "0"), Instant.EPOCH, false);
    }

    @Test
    void optimizersKeepAsManyMomentsAsTheirUpdateNeeds() {
        long adam = JobMemory.of(gru(8, OptimizerType.ADAM, 0), CORPUS).parameterBytes();
        long rmsprop = JobMemory.of(gru(8, OptimizerType.RMSPROP, 0), CORPUS).parameterBytes();
        long sgd = JobMemory.of(gru(8, OptimizerType.SGD, 0), CORPUS).parameterBytes();
        long onePerCopy = 546 * 4;
        assertThat(adam - rmsprop).as("Adam keeps one more moment, also in the checkpoint").isEqualTo(2 * onePerCopy);
        assertThat(rmsprop - sgd).isEqualTo(2 * onePerCopy);
        long withBest = JobMemory.of(gru(8, OptimizerType.SGD, 0.1), CORPUS).parameterBytes();
        assertThat(withBest - sgd).as("with validation the best weights are kept, and checkpointed").isEqualTo(2 * onePerCopy);
    }

    @Test
    void aJobOverTheLimitIsRefusedWithTheEstimateAndTheLimit() {
        TrainingConfig big = gru(1024, OptimizerType.ADAM, 0.1);
        long estimate = JobMemory.of(big, CORPUS).total();
        JobMemory.check(big, CORPUS, DataSize.ofBytes(estimate));   // at the limit: accepted
        assertThatThrownBy(() -> JobMemory.check(big, CORPUS, DataSize.ofBytes(estimate - 1)))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.errors()).singleElement().satisfies(f -> {
                        assertThat(f.field()).isEqualTo("hiddenSize");
                        assertThat(f.message()).contains("charlm.jobs.max-memory");
                    });
                    assertThat(e.getBody().getProperties()).containsEntry("estimatedBytes", estimate)
                            .containsEntry("limitBytes", estimate - 1);
                });
    }

    @Test
    void withoutALimitHalfTheMaximumHeapIsTheLimit() {
        assertThat(JobMemory.defaultLimit().toBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
    }
}
