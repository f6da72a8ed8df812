package dev.charlm.metrics;

import dev.charlm.training.ProgressView;
import dev.charlm.training.TrainingJob;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One model's training gauges. A gauge is registered at the first of the job's events after its value
 * exists (train loss after the first step, validation after the first evaluation), so a series is
 * absent until then rather than NaN; Prometheus's "no data" is the honest answer, and a NaN sample
 * would break every rate, min and max over it. Once registered a gauge keeps its last value should a
 * later progress lack it.
 */
final class ModelGauges implements TrainingJob.Listener {

    /** A gauge not yet registered: what it is called and how to read it from the job's progress. */
    private record Pending(String name, String description, Tags tags, Function<ProgressView, Double> read) {
    }

    private final MeterRegistry registry;
    private final TrainingJob job;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Meter> registered = new ArrayList<>();
    private boolean closed;

    ModelGauges(MeterRegistry registry, TrainingJob job) {
        this.registry = registry;
        this.job = job;
        // imported models have no corpus; a model outside a sweep has the tag too, empty, as every series of one name needs the same keys
        Tags tags = Tags.of("model", job.id(), "cell", job.cell(), "corpus", job.corpus() == null ? "" : job.corpus(),
                "sweep", job.sweep() == null ? "" : job.sweep());
        Tags train = tags.and("split", "train");
        Tags validation = tags.and("split", "validation");
        pending.add(new Pending("charlm.training.perplexity", "exp(loss)", train, p -> p.training().trainPerplexity()));
        pending.add(new Pending("charlm.training.perplexity", "exp(loss)", validation, p -> p.validation().validationPerplexity()));
        pending.add(new Pending("charlm.training.loss", "Cross-entropy, nats per character", train, p -> p.training().trainLoss()));
        pending.add(new Pending("charlm.training.loss", "Cross-entropy, nats per character", validation,
                p -> p.validation().validationLoss()));
        pending.add(new Pending("charlm.training.step", "Steps trained", tags, p -> (double) p.position().step()));
        pending.add(new Pending("charlm.training.epoch", "Epochs trained (fractional)", tags, p -> p.position().epoch()));
        pending.add(new Pending("charlm.training.chars.per.second", "Training throughput, characters per second", tags,
                p -> p.rates().charsPerSecond()));
        pending.add(new Pending("charlm.training.progress.ratio", "Fraction of the run done", tags, p -> p.time().progress()));
    }

    /** Registers what already has a value, and listens for the rest. */
    void start() {
        job.subscribe(this);
        refresh();
    }

    @Override
    public void event(String name, Object data) {
        refresh();
    }

    private synchronized void refresh() {
        if (closed) {
            return;
        }
        ProgressView progress = job.progress();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            Double value = p.read().apply(progress);
            if (value != null && !value.isNaN()) {
                registered.add(Gauge.builder(p.name(), job, new LastValue(p.read(), value))
                        .description(p.description()).tags(p.tags()).register(registry));
                it.remove();
            }
        }
        if (pending.isEmpty()) {
            job.unsubscribe(this);   // every gauge is there until the model is deleted
        }
    }

    /** Removes the gauges; an event that arrives later registers nothing. */
    synchronized void close() {
        closed = true;
        job.unsubscribe(this);
        registered.forEach(registry::remove);
        registered.clear();
    }

    /** The progress's value, or the last one it had. */
    private static final class LastValue implements ToDoubleFunction<TrainingJob> {
        private final Function<ProgressView, Double> read;
        private volatile double last;

        LastValue(Function<ProgressView, Double> read, double first) {
            this.read = read;
            this.last = first;
        }

        @Override
        public double applyAsDouble(TrainingJob job) {
            Double v = read.apply(job.progress());
            if (v != null && !v.isNaN()) {
                last = v;
            }
            return last;
        }
    }
}
