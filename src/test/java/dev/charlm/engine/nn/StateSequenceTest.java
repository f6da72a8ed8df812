package dev.charlm.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.kernel.Precision;
import org.junit.jupiter.api.Test;

/** B = 2 sequences × T = 3 steps of H = 2 units; element j of sequence b after step t holds 100b + 10t + j. */
class StateSequenceTest {

    private static StateSequence numbered() {
        StateSequence s = new StateSequence(Precision.FLOAT64, 2, 3, 2, true);
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < 2; j++) {
                s.initial.set(b, j, -(100 * b + j) - 1);
                for (int t = 0; t < 3; t++) {
                    s.after.set(s.afterStep(b, t) + j, 100 * b + 10 * t + j);
                }
            }
        }
        return s;
    }

    @Test
    void theStateEnteringStepZeroIsTheCarriedOneAndLaterStepsReadThePreviousStep() {
        StateSequence s = numbered();
        assertThat(s.enteringStep(0).get(s.enteringIndex(1, 0) + 1)).isEqualTo(-102);
        assertThat(s.enteringStep(2).get(s.enteringIndex(1, 2) + 1)).isEqualTo(111);
        // sequence b + 1 is one stride further in either tensor
        assertThat(s.enteringStep(0).get(s.enteringIndex(0, 0) + s.enteringStride(0))).isEqualTo(-101);
        assertThat(s.enteringStep(1).get(s.enteringIndex(0, 1) + s.enteringStride(1))).isEqualTo(100);
    }

    @Test
    void gatheredRowsAreTheStateEnteringEachStep() {
        StateSequence s = numbered();
        s.gatherEntering(0, 2);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                assertThat(s.entering.get(b * 3 + t, 1)).isEqualTo(s.enteringStep(t).get(s.enteringIndex(b, t) + 1));
            }
        }
    }

    @Test
    void carryingCopiesTheLastStepAndResetZeroesOneSequence() {
        StateSequence s = numbered();
        s.carry();
        assertThat(s.initial.get(1, 1)).isEqualTo(121);
        s.reset(0);
        assertThat(s.initial.get(0, 0)).isZero();
        assertThat(s.initial.get(1, 0)).isEqualTo(120);
        s.after.set(0, 5);
        assertThat(s.initial.get(0, 0)).as("a copy: detached from the window").isZero();
    }
}
