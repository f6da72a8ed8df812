package dev.charlm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * maxSeconds is the run's wall time, validation and checkpoints included; maxTrainSeconds its training time
 * alone. Every validation here is followed by a slow checkpoint write (the listener sleeps), so the two clocks
 * part quickly.
 */
class TimeLimitsTest {

    static Outcome run(Limits limits, long checkpointMillis) {
        FlatConfig b = TrainerTest.small();
        b.valFraction = 0.2;
        b.evalEvery = 1;
        b.epochs = limits.epochs();
        b.maxSteps = limits.maxSteps();
        b.maxSeconds = limits.maxSeconds();
        b.maxTrainSeconds = limits.maxTrainSeconds();
        TrainingConfig c = b.build();
        try (Trainer t = Trainer.start(c, TrainerTest.corpus(TrainerTest.TEXT, c), Map.of())) {
            return t.run(new TrainingListener() {
                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    try {
                        Thread.sleep(checkpointMillis);
                    } catch (InterruptedException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            }, () -> false);
        }
    }

    @Test
    void maxSecondsStopsTheRunOnWallTimeThatValidationAndCheckpointsTakeTheirShareOf() {
        Outcome o = run(new Limits(1_000_000, 0, 0.5, 0), 25);
        assertThat(o.status()).isEqualTo(Outcome.Status.COMPLETED);
        assertThat(o.reason()).isEqualTo("reached maxSeconds 0.5 (wall time)");
        TrainingState.Totals totals = o.state().totals();
        assertThat(totals.trainSeconds()).as("training alone stayed far from the limit").isLessThan(0.5);
        assertThat(totals.elapsedSeconds()).isGreaterThan(totals.trainSeconds());
    }

    @Test
    void maxTrainSecondsCountsTrainingTimeOnly() {
        Outcome o = run(new Limits(1_000_000, 0, 0, 0.2), 5);
        assertThat(o.status()).isEqualTo(Outcome.Status.COMPLETED);
        assertThat(o.reason()).isEqualTo("reached maxTrainSeconds 0.2 (training time)");
        TrainingState.Totals totals = o.state().totals();
        assertThat(totals.trainSeconds()).isGreaterThanOrEqualTo(0.2);
        assertThat(totals.elapsedSeconds()).as("validation and checkpoints on top").isGreaterThan(totals.trainSeconds());
    }
}
