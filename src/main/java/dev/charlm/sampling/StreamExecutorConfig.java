package dev.charlm.sampling;

import dev.charlm.config.CharLmProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads that generate streamed samples ({@code text/event-stream}): {@code charlm.sampling.stream-threads}
 * of them and a queue of {@code charlm.sampling.stream-queue}; a stream beyond both is refused with 429 and Retry-After. Idle
 * threads end after {@code charlm.sampling.stream-keep-alive}. At shutdown running streams are interrupted (a
 * client reconnects to another replica or later). Spring Boot meters it as {@code executor_*{name="sampleStreamExecutor"}}.
 */
@Configuration(proxyBeanMethods = false)
class StreamExecutorConfig {

    static final String BEAN = "sampleStreamExecutor";

    @Bean(BEAN)
    ThreadPoolTaskExecutor sampleStreamExecutor(CharLmProperties properties) {
        CharLmProperties.Sampling s = properties.sampling();
        ThreadPoolTaskExecutor e = new ThreadPoolTaskExecutor();
        e.setCorePoolSize(s.streamThreads());
        e.setMaxPoolSize(s.streamThreads());
        e.setQueueCapacity(s.streamQueue());
        e.setKeepAliveSeconds((int) s.streamKeepAlive().toSeconds());
        e.setAllowCoreThreadTimeOut(true);
        e.setThreadNamePrefix("charlm-sample-stream-");
        e.setDaemon(true);
        return e;
    }
}
