package dev.charlm.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a lone sample may take the second core: only while it is the one sample and no job trains. */
class SamplersTest {

    private final AtomicLong running = new AtomicLong();
    private final Samplers samplers = new Samplers(32, 2, running::get);

    @Test
    void aLoneSampleWithNoTrainingMayTakeTheSecondCore() {
        assertThat(samplers.generating(samplers::secondCoreFree)).isTrue();
    }

    @Test
    void notWhileAnotherSampleIsBeingGenerated() {
        assertThat(samplers.generating(() -> samplers.generating(samplers::secondCoreFree))).isFalse();
        assertThat(samplers.generating(samplers::secondCoreFree)).as("the other one is done").isTrue();
    }

    @Test
    void notWhileAJobTrains() {
        running.set(1);
        assertThat(samplers.generating(samplers::secondCoreFree)).isFalse();
        running.set(0);
        assertThat(samplers.generating(samplers::secondCoreFree)).isTrue();
    }
}
