package dev.charlm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void aDecayOfOneKeepsTheBaseRate() {
        LrSchedule s = new LrSchedule(0.1, 1, 3);
        assertThat(s.at(0)).isEqualTo(0.1);
        assertThat(s.at(50)).isEqualTo(0.1);
    }

    @Test
    void theRateDecaysOnceForEachEpochCompletedFromDecayAfterOn() {
        LrSchedule s = new LrSchedule(0.1, 0.5, 3);
        assertThat(s.at(2)).isEqualTo(0.1);
        assertThat(s.at(3)).isCloseTo(0.05, within(1e-15));
        assertThat(s.at(5)).isCloseTo(0.0125, within(1e-15));
    }

    @Test
    void decayAfterBelowOneStartsAfterTheFirstEpoch() {
        LrSchedule s = new LrSchedule(1, 0.5, 0);
        assertThat(s.at(0)).isEqualTo(1.0);
        assertThat(s.at(1)).isEqualTo(0.5);
    }
}
