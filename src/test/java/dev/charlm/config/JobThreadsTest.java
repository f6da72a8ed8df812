package dev.charlm.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** charlm.jobs.threads = 0 shares the cores out among the jobs that may train at once. */
class JobThreadsTest {

    static CharLmProperties.Jobs jobs(int concurrency, int threads) {
        return new CharLmProperties.Jobs(concurrency, 16, threads, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(30), null, 64, 1000);
    }

    @Test
    void eachOfTheJobsThatRunAtOnceGetsItsShareOfTheCoresAndAtLeastOne() {
        assertThat(CharLmProperties.Jobs.threadsPerJob(2, 1)).isEqualTo(2);
        assertThat(CharLmProperties.Jobs.threadsPerJob(2, 2)).isEqualTo(1);
        assertThat(CharLmProperties.Jobs.threadsPerJob(2, 3)).isEqualTo(1);
        assertThat(CharLmProperties.Jobs.threadsPerJob(8, 3)).as("rounded down: never oversubscribed").isEqualTo(2);
        assertThat(CharLmProperties.Jobs.threadsPerJob(4, 0)).isEqualTo(4);
    }

    @Test
    void zeroThreadsResolveOnBindingAndAnExplicitCountIsKept() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(jobs(1, 0).threads()).isEqualTo(cores);
        assertThat(jobs(cores, 0).threads()).isEqualTo(1);
        assertThat(jobs(2, 3).threads()).isEqualTo(3);
    }
}
