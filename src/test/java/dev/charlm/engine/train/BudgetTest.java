package dev.charlm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BudgetTest {

    private static TrainingState at(long step, int epoch, int window, double trainSeconds) {
        return at(step, epoch, window, trainSeconds, trainSeconds);
    }

    private static TrainingState at(long step, int epoch, int window, double trainSeconds, double wallSeconds) {
        TrainingState s = TrainingState.start();
        return new TrainingState(step, epoch, window, new TrainingState.Totals(trainSeconds, wallSeconds, 0), s.loss(),
                s.epochSums(), s.validations());
    }

    @Test
    void theFirstLimitReachedIsTheReasonToStop() {
        Budget b = new Budget(new Limits(3, 100, 60));
        assertThat(b.reached(at(10, 1, 2, 5))).isNull();
        assertThat(b.reached(at(10, 3, 0, 5))).isEqualTo("completed 3 epochs");
        assertThat(b.reached(at(100, 1, 0, 5))).isEqualTo("reached maxSteps 100");
        assertThat(b.reached(at(10, 1, 0, 60))).isEqualTo("reached maxSeconds 60.0 (wall time)");
    }

    @Test
    void maxSecondsCountsWallTimeAndMaxTrainSecondsTrainingTimeOnly() {
        Budget wall = new Budget(new Limits(3, 0, 60, 0));
        assertThat(wall.reached(at(10, 1, 0, 20, 59))).isNull();
        assertThat(wall.reached(at(10, 1, 0, 20, 60))).as("40 s of validation count").isEqualTo("reached maxSeconds 60.0 (wall time)");
        assertThat(wall.reached(at(10, 1, 0, 20, 58), 2.5)).as("the closing validation's time counts too")
                .isEqualTo("reached maxSeconds 60.0 (wall time)");
        assertThat(wall.done(at(10, 0, 1, 15, 30), 1000)).isEqualTo(0.5);
        assertThat(Budget.etaSeconds(at(10, 0, 1, 15, 30), 0.5)).as("wall seconds left").isEqualTo(30.0);
        Budget train = new Budget(new Limits(3, 0, 0, 60));
        assertThat(train.reached(at(10, 1, 0, 59, 500), 100)).isNull();
        assertThat(train.reached(at(10, 1, 0, 60, 500))).isEqualTo("reached maxTrainSeconds 60.0 (training time)");
        assertThat(train.done(at(10, 0, 1, 15, 500), 1000)).isEqualTo(0.25);
    }

    @Test
    void noStepOrSecondLimitWhenTheyAreZero() {
        Budget b = new Budget(new Limits(3, 0, 0));
        assertThat(b.reached(at(1_000_000, 2, 0, 1e6))).isNull();
        assertThat(b.done(at(1_000_000, 1, 5, 1e6), 10)).isEqualTo(0.5);
    }

    @Test
    void doneIsTheNearestLimitsFractionAndTheEtaFollowsThePaceSoFar() {
        Budget b = new Budget(new Limits(4, 100, 0));
        // epochs: (1 + 5/10) / 4 = 0.375; steps: 50 / 100 = 0.5
        double done = b.done(at(50, 1, 5, 30), 10);
        assertThat(done).isEqualTo(0.5);
        assertThat(Budget.etaSeconds(at(50, 1, 5, 30), done)).isCloseTo(30.0, within(1e-12));
        assertThat(Budget.etaSeconds(at(0, 0, 0, 0), 0)).isNull();
        assertThat(b.done(at(500, 1, 5, 30), 10)).isEqualTo(1.0);
    }
}
