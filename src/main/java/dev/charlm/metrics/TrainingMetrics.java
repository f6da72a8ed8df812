package dev.charlm.metrics;

import dev.charlm.training.JobEvent;
import dev.charlm.training.JobStatus;
import dev.charlm.training.ProgressView;
import dev.charlm.training.TrainingJob;
import dev.charlm.training.TrainingJobs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The perplexity stream: gauges per model, tagged {@code model}, {@code cell} and {@code corpus}, that
 * read the job's latest progress at every scrape (it changes after every training step), and
 * {@code charlm.jobs} per state. A model's gauges are removed when it is deleted. Units are in the
 * descriptions, not in base units, which Prometheus would append to the names.
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
    private final TrainingJobs jobs;
    private final Map<String, List<Meter>> perModel = new ConcurrentHashMap<>();

    TrainingMetrics(MeterRegistry registry, TrainingJobs jobs) {
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
        List<Meter> meters = perModel.remove(e.job().id());
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    private void register(TrainingJob job) {
        perModel.computeIfAbsent(job.id(), id -> {
            Tags tags = Tags.of("model", job.id(), "cell", job.cell(), "corpus", job.corpus());
            List<Meter> m = new ArrayList<>();
            m.add(gauge("charlm.training.perplexity", "exp(loss)", null, tags.and("split", "train"), job, ProgressView::trainPerplexity));
            m.add(gauge("charlm.training.perplexity", "exp(loss)", null, tags.and("split", "validation"), job, ProgressView::validationPerplexity));
            m.add(gauge("charlm.training.loss", "Cross-entropy, nats per character", null, tags.and("split", "train"), job, ProgressView::trainLoss));
            m.add(gauge("charlm.training.loss", "Cross-entropy, nats per character", null, tags.and("split", "validation"), job, ProgressView::validationLoss));
            m.add(gauge("charlm.training.step", "Steps trained", null, tags, job, p -> (double) p.step()));
            m.add(gauge("charlm.training.epoch", "Epochs trained (fractional)", null, tags, job, p -> p.epoch()));
            m.add(gauge("charlm.training.chars.per.second", "Training throughput", null, tags, job, ProgressView::charsPerSecond));
            m.add(gauge("charlm.training.progress.ratio", "Fraction of the run done", null, tags, job, p -> p.progress()));
            return m;
        });
    }

    private Gauge gauge(String name, String description, String unit, Tags tags, TrainingJob job,
                        java.util.function.Function<ProgressView, Double> value) {
        ToDoubleFunction<TrainingJob> f = j -> {
            Double v = value.apply(j.progress());
            return v == null ? Double.NaN : v;
        };
        return Gauge.builder(name, job, f).description(description).baseUnit(unit).tags(tags).register(registry);
    }
}
