package dev.charlm.training;

import dev.charlm.config.CharLmProperties;
import dev.charlm.training.request.Options;
import dev.charlm.training.request.Sampling;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * First start: when the data directory holds no model, train a small GRU on the built-in Jay Chou
 * lyrics, so that a newcomer finds a model training, its perplexity in Prometheus and
 * {@code /models/{id}/sample?prefix=分开} answering within minutes. {@code charlm.bootstrap.enabled=false}
 * turns it off.
 */
@Component
@Order(10)
class Bootstrap implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    /** GRU 1x256 on jaychou with the defaults: 30 epochs, a checkpoint every epoch, samples after 分开. */
    static final TrainingRequest FIRST_MODEL = new TrainingRequest("jaychou", null, "first model: GRU on Jay Chou lyrics",
            Options.NONE.withSampling(new Sampling(200, List.of("分开"), 50, null)));

    private final JobRegistry registry;
    private final TrainingJobs jobs;
    private final CharLmProperties properties;

    Bootstrap(JobRegistry registry, TrainingJobs jobs, CharLmProperties properties) {
        this.registry = registry;
        this.jobs = jobs;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.bootstrap().enabled() || !registry.isEmpty()) {
            return;
        }
        TrainingJob job = jobs.submit(FIRST_MODEL).job();
        LOG.info("No model yet: training {} ({}). Watch GET /models/{} and /actuator/prometheus; "
                + "sample with GET /models/{}/sample?prefix=分开 after its first epoch", job.id(), job.name(), job.id(), job.id());
    }
}
