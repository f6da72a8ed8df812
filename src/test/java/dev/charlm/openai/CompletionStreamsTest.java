package dev.charlm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.charlm.engine.sample.FinishReason;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.SamplingOptions;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Streams take the sample stream executor's slots: beyond its threads and queue, a 429 with Retry-After. */
class CompletionStreamsTest {

    @Test
    void aStreamBeyondTheExecutorsThreadsAndQueueIsA429WithRetryAfter() throws Exception {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setQueueCapacity(0);
        executor.setThreadNamePrefix("test-stream-");
        executor.initialize();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        Completions blocking = mock(Completions.class);
        given(blocking.sample(any(), anyInt(), any())).willAnswer(call -> {
            threads.add(Thread.currentThread().getName());
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return new SampleResult("", "", 1, FinishReason.LENGTH);
        });
        CompletionStreams streams = new CompletionStreams(blocking, executor);
        Completions.Plan plan = new Completions.Plan("m-abcdefgh22", "cmpl-x", 1, List.of(""), List.of(0), 1,
                SamplingOptions.greedy(1), false, false);
        try {
            streams.start(plan);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            OpenAiException refused = org.junit.jupiter.api.Assertions.assertThrows(OpenAiException.class, () -> streams.start(plan));
            assertThat(refused.status().value()).isEqualTo(429);
            assertThat(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
            assertThat(refused.body().error().code()).isEqualTo("rate_limit_exceeded");
            assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("test-stream-"));
        } finally {
            release.countDown();
            executor.shutdown();
        }
    }
}
