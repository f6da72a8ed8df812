package dev.charlm.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.config.CharLmProperties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** charlm.sampling.stream-threads and stream-queue bound the streams: one more is refused. */
class StreamExecutorConfigTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CharLmProperties.class)
    static class Settings {
    }

    final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class, StreamExecutorConfig.class);

    @Test
    void oneThreadAndAQueueOfOneTakeTwoStreamsAndRefuseTheThird() {
        context.withPropertyValues("charlm.sampling.stream-threads=1", "charlm.sampling.stream-queue=1").run(c -> {
            ThreadPoolTaskExecutor streams = c.getBean(StreamExecutorConfig.BEAN, ThreadPoolTaskExecutor.class);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            try {
                streams.execute(() -> {
                    started.countDown();
                    await(release);
                });
                started.await();
                streams.execute(() -> await(release));   // waits in the queue
                assertThatThrownBy(() -> streams.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
                assertThat(streams.getMaxPoolSize() + streams.getQueueCapacity()).isEqualTo(2);
            } finally {
                release.countDown();
            }
        });
    }

    @Test
    void theDefaultsAreSixteenThreadsAndSixtyFourWaiting() {
        context.run(c -> {
            ThreadPoolTaskExecutor streams = c.getBean(StreamExecutorConfig.BEAN, ThreadPoolTaskExecutor.class);
            assertThat(streams.getMaxPoolSize()).isEqualTo(16);
            assertThat(streams.getQueueCapacity()).isEqualTo(64);
            assertThat(streams.getKeepAliveSeconds()).isEqualTo(60);
        });
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
