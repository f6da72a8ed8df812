package dev.charlm.metrics;

import dev.charlm.training.JobEvent;
import dev.charlm.training.JobStatus;
import dev.charlm.training.TrainingJob;
import dev.charlm.training.JobRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The perplexity stream: gauges per model, tagged {@code model}, {@code cell}, {@code corpus} and {@code sweep}
 * (the sweep's id, empty outside one), that
 * read the job's latest progress at every scrape (it changes after every training step), and
 * {@code charlm.jobs} per state. A model's series appear once they have a value (see {@link ModelGauges})
 * and are removed when it is deleted. Units are in the descriptions, not in base units, which
 * Prometheus would append to the names.
 *
 * <pre>
 *   charlm_training_perplexity{split="train"|"validation"}   exp(loss)
 *   charlm_training_loss{split="train"|"validation"}         nats per character
 *   charlm_training_step, charlm_training_epoch, charlm_training_chars_per_second, charlm_training_progress_ratio
 *   charlm_jobs{state}
 * </pre>
 */
@Component
class TrainingMetrics implements ApplicationRunner {

    private final MeterRegistry registry;
    private final JobRegistry jobs;
    private final Map<String, ModelGauges> perModel = new ConcurrentHashMap<>();

    TrainingMetrics(MeterRegistry registry, JobRegistry jobs) {
        this.registry = registry;
        this.jobs = jobs;
        for (JobStatus s : JobStatus.values()) {
            Gauge.builder("charlm.jobs", jobs, j -> j.count(s)).description("Training jobs by state")
                    .tag("state", s.name()).register(registry);
        }
    }

    /** Models restored from the data directory. */
    @Override
    public void run(ApplicationArguments args) {
        jobs.list(null).forEach(this::register);
    }

    @EventListener
    void registered(JobEvent.Registered e) {
        register(e.job());
    }

    @EventListener
    void removed(JobEvent.Removed e) {
        ModelGauges gauges = perModel.remove(e.job().id());
        if (gauges != null) {
            gauges.close();
        }
    }

    private void register(TrainingJob job) {
        perModel.computeIfAbsent(job.id(), id -> {   // once per model: a job submitted during start-up is both announced and listed
            ModelGauges gauges = new ModelGauges(registry, job);
            gauges.start();
            return gauges;
        });
    }
}
