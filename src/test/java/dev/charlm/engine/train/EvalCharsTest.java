package dev.charlm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.io.ModelFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** evalChars: validation on a fixed leading part of the held-out tail. */
class EvalCharsTest {

    /** Validation losses of a short run that validates every 5 steps on a 20% tail (190 characters of TEXT). */
    static List<Double> validationLosses(int evalChars) {
        FlatConfig b = TrainerTest.small();
        b.valFraction = 0.2;
        b.evalEvery = 5;
        b.maxSteps = 10;
        b.evalChars = evalChars;
        TrainingConfig c = b.build();
        List<Double> losses = new ArrayList<>();
        try (Trainer t = Trainer.start(c, TrainerTest.corpus(TrainerTest.TEXT, c), Map.of())) {
            t.run(new TrainingListener() {
                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    losses.add(e.validationLoss());
                }
            }, () -> false);
        }
        return losses;
    }

    @Test
    void aLimitedValidationGivesItsOwnDeterministicLossAndAllOfAShortTailIsTheFullValidation() {
        List<Double> full = validationLosses(0);
        List<Double> limited = validationLosses(50);
        assertThat(full).hasSize(2).doesNotContainNull();
        assertThat(limited).hasSize(2);
        for (int i = 0; i < full.size(); i++) {
            assertThat(limited.get(i)).as("evaluation %d", i).isNotEqualTo(full.get(i));
        }
        assertThat(validationLosses(50)).as("the same 50 characters every time").isEqualTo(limited);
        // a tail of 190 characters is shorter than 1000: all of it is validated, bit for bit
        assertThat(validationLosses(1000)).isEqualTo(full);
    }

    @Test
    void theValidatedPartIsTheLeadingCharactersOrLinesOfTheTail() {
        assertThat(Evaluator.tailEnd(100, 300, 0)).isEqualTo(300);
        assertThat(Evaluator.tailEnd(100, 300, 50)).isEqualTo(150);
        assertThat(Evaluator.tailEnd(100, 300, 500)).isEqualTo(300);
        int[] lines = {100, 110, 130, 160};   // three lines of 10, 20 and 30 tokens
        assertThat(Evaluator.leadingLines(lines, 0)).containsExactly(100, 110, 130, 160);
        assertThat(Evaluator.leadingLines(lines, 30)).containsExactly(100, 110, 130);
        assertThat(Evaluator.leadingLines(lines, 5)).as("at least one line").containsExactly(100, 110);
    }

    @Test
    void aCheckpointKeepsEvalCharsAndAConfigThatValidatesOnAllOfTheTailWritesNoNewField() {
        FlatConfig b = TrainerTest.small();
        b.evalChars = 64;
        TrainingConfig c = b.build();
        try (Trainer t = Trainer.start(c, TrainerTest.corpus(TrainerTest.TEXT, c), Map.of())) {
            byte[] file = ModelFile.toBytes(t.checkpoint());
            Checkpoint cp = ModelFile.fromBytes(file);
            assertThat(cp.config().validation().evalChars()).isEqualTo(64);
            assertThat(cp.config()).isEqualTo(c);
            assertThat(new String(file, StandardCharsets.ISO_8859_1)).contains("\"evalChars\":64");
        }
        FlatConfig whole = TrainerTest.small();
        whole.evalChars = 0;
        TrainingConfig plain = whole.build();
        try (Trainer t = Trainer.start(plain, TrainerTest.corpus(TrainerTest.TEXT, plain), Map.of())) {
            // all of the tail, as the first release validated: what its version-1 reader finds, not one member more
            assertThat(new String(ModelFile.toBytes(t.checkpoint()), StandardCharsets.ISO_8859_1)).doesNotContain("evalChars");
        }
    }
}
