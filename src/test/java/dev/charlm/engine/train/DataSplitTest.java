package dev.charlm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataSplitTest {

    private static EncodedCorpus corpus(String text, boolean lineMode) {
        TextOptions o = new TextOptions(Preprocessing.NONE, lineMode, false, 0, 0, 1);
        return EncodedCorpus.encode(text.getBytes(StandardCharsets.UTF_8), o);
    }

    @Test
    void characterCorporaHoldOutTheirTailAndTrainWithTheChosenBatching() {
        EncodedCorpus c = corpus("abcdefghij".repeat(100), false);
        DataSplit random = DataSplit.of(c, new Batching(BatchingMode.RANDOM, 8, 4, false), new Validation(0.1, 0, 0), 1);
        assertThat(random.train()).isInstanceOf(RandomPlan.class);
        assertThat(random.validation()).isInstanceOf(SequentialPlan.class);
        // 100 held-out characters, 99 predictions: one stream, since each should be 8·T long
        assertThat(random.validation().batch()).isEqualTo(1);
        DataSplit sequential = DataSplit.of(c, new Batching(BatchingMode.SEQUENTIAL, 8, 4, true), new Validation(0, 0, 0), 1);
        assertThat(sequential.train()).isInstanceOf(SequentialPlan.class);
        assertThat(sequential.validation()).isNull();
    }

    @Test
    void lineCorporaHoldOutWholeLines() {
        EncodedCorpus c = corpus("anna\nbob\ncarla\ndan\neve\n", true);
        DataSplit s = DataSplit.of(c, new Batching(BatchingMode.LINES, 16, 2, false), new Validation(0.4, 0, 0), 1);
        assertThat(s.train()).isInstanceOf(LinesPlan.class);
        assertThat(s.validation()).isInstanceOf(LinesPlan.class);
        assertThat(s.train().steps()).as("T shrinks to the longest line").isLessThan(16);
    }

    @Test
    void aValidationShareThatLeavesNothingToValidateOnIsRefused() {
        assertThatThrownBy(() -> DataSplit.of(corpus("anna\nbob\n", true), new Batching(BatchingMode.LINES, 16, 2, false), new Validation(0.1, 0, 0), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too few for valFraction");
        assertThatThrownBy(() -> DataSplit.of(corpus("abcdefghij".repeat(10), false), new Batching(BatchingMode.SEQUENTIAL, 4, 2, false), new Validation(0.01, 0, 0), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than 2 characters");
    }
}
