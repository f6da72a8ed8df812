package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.config.CharLmProperties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The training executor at shutdown: it waits for a job that is finishing (its checkpoint), but no longer
 * than charlm.jobs.shutdown-timeout; and it has charlm.jobs.concurrency threads.
 */
class TrainingExecutorConfigTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CharLmProperties.class)
    static class Settings {
    }

    final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class, TrainingExecutorConfig.class);

    @Test
    void shutdownWaitsForARunningJobToFinish() {
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        context.withPropertyValues("charlm.jobs.shutdown-timeout=10s").run(c -> {
            c.getBean(TrainingExecutorConfig.BEAN, ThreadPoolTaskExecutor.class).submit(() -> {
                started.countDown();
                sleep(300);
                finished.set(true);
            });
            started.await();
        });
        assertThat(finished).as("closing the context waited for the job").isTrue();
    }

    @Test
    void shutdownWaitsNoLongerThanTheShutdownTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        long[] closedAfter = new long[1];
        context.withPropertyValues("charlm.jobs.shutdown-timeout=300ms").run(c -> {
            c.getBean(TrainingExecutorConfig.BEAN, ThreadPoolTaskExecutor.class).submit(() -> {
                started.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            started.await();
            long t0 = System.nanoTime();
            c.close();
            closedAfter[0] = (System.nanoTime() - t0) / 1_000_000;
        });
        never.countDown();
        assertThat(closedAfter[0]).isBetween(250L, 5_000L);
    }

    @Test
    void itHasOneThreadPerConcurrentJob() {
        context.withPropertyValues("charlm.jobs.concurrency=3").run(c -> {
            ThreadPoolTaskExecutor e = c.getBean(TrainingExecutorConfig.BEAN, ThreadPoolTaskExecutor.class);
            assertThat(e.getCorePoolSize()).isEqualTo(3);
            assertThat(e.getMaxPoolSize()).isEqualTo(3);
            assertThat(e.getThreadNamePrefix()).isEqualTo("charlm-train-");
        });
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
