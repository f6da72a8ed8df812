package dev.charlm.metrics;

import dev.charlm.training.JobEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code charlm.sampling} (a timer with a histogram: {@code charlm_sampling_seconds} in Prometheus) and
 * {@code charlm.sampled.chars} ({@code charlm_sampled_chars_total}), tagged by model and removed with it.
 */
@Component
public class SamplingMetrics {

    private record Meters(Timer timer, Counter chars) {
    }

    private final MeterRegistry registry;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    SamplingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One sampling request of a model: how long it took and how many characters it generated. */
    public void record(String model, Duration took, long chars) {
        Meters m = meters.computeIfAbsent(model, id -> new Meters(
                Timer.builder("charlm.sampling").description("Time to answer one sampling request")
                        .tag("model", id).publishPercentileHistogram().register(registry),
                Counter.builder("charlm.sampled.chars").description("Characters generated").baseUnit("chars")
                        .tag("model", id).register(registry)));
        m.timer().record(took);
        m.chars().increment(chars);
    }

    @EventListener
    void removed(JobEvent.Removed e) {
        Meters m = meters.remove(e.job().id());
        if (m != null) {
            registry.remove(m.timer());
            registry.remove(m.chars());
        }
    }
}
