package dev.charlm.training;

import dev.charlm.config.CharLmProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The training threads: {@code charlm.jobs.concurrency} of them over an unbounded queue (the queue limit is
 * checked at submission, where it can answer 429). Spring Boot meters every ThreadPoolTaskExecutor bean
 * ({@code executor_*{name="trainingExecutor"}} in Prometheus, by bean name).
 */
@Configuration(proxyBeanMethods = false)
class TrainingExecutorConfig {

    static final String BEAN = "trainingExecutor";

    /**
     * On shutdown, after {@link TrainingJobs} has asked running jobs to stop, it waits up to
     * {@code charlm.jobs.shutdown-timeout} for them to write their checkpoint and end INTERRUPTED.
     */
    @Bean(BEAN)
    ThreadPoolTaskExecutor trainingExecutor(CharLmProperties properties) {
        int n = Math.max(1, properties.jobs().concurrency());
        ThreadPoolTaskExecutor e = new ThreadPoolTaskExecutor();
        e.setCorePoolSize(n);
        e.setMaxPoolSize(n);
        e.setThreadNamePrefix("charlm-train-");
        e.setDaemon(true);
        e.setWaitForTasksToCompleteOnShutdown(true);
        e.setAwaitTerminationMillis(properties.jobs().shutdownTimeout().toMillis());
        return e;
    }
}
