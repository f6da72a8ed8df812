package dev.charlm.sampling;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.sample.BatchingSampler;
import dev.charlm.training.JobEvent;
import dev.charlm.training.JobRegistry;
import dev.charlm.training.JobStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One {@link BatchingSampler} per model, for the weights it currently serves: concurrent requests to a
 * model are advanced together. A new checkpoint gets a new sampler; the old one finishes its requests
 * and its threads end.
 *
 * <p>A lone JSON sample may take a second core per step (with {@code charlm.sampling.lanes} of 2 or more,
 * the default on 2+ cores) only while no training job runs and no other sample of any model is being
 * generated: training and other requests keep their cores, and the sample then runs on one thread.
 */
@Component
class Samplers {

    private final Map<String, BatchingSampler> byModel = new ConcurrentHashMap<>();
    /** Requests one batch (one per core) advances together: {@code charlm.sampling.batch-size}. */
    private final int batchSize;
    /** Batches of one model stepped at the same time: {@code charlm.sampling.lanes}, 0 = one per core. */
    private final int lanes;
    /** Training jobs running now. */
    private final LongSupplier runningJobs;
    /** Samples being generated now, of every model, JSON or streamed. */
    private final AtomicInteger generating = new AtomicInteger();
    /** No training job was running when the latest sample started (read before every two-core step). */
    private volatile boolean trainingIdle;

    @Autowired
    Samplers(CharLmProperties properties, JobRegistry jobs) {
        this(properties.sampling().batchSize(), properties.sampling().lanes(), () -> jobs.count(JobStatus.RUNNING));
    }

    Samplers(int batchSize, int lanes, LongSupplier runningJobs) {
        this.batchSize = batchSize;
        this.lanes = lanes > 0 ? lanes : Runtime.getRuntime().availableProcessors();
        this.runningJobs = runningJobs;
    }

    BatchingSampler of(String id, LanguageModel model) {
        return byModel.compute(id, (k, old) -> old != null && old.model() == model ? old
                : new BatchingSampler(model, batchSize, lanes, Kernels.matMul("auto"), this::secondCoreFree));
    }

    /** Runs one sample's generation, counted, so that others know a core is taken. */
    <T> T generating(Supplier<T> generation) {
        trainingIdle = runningJobs.getAsLong() == 0;
        generating.incrementAndGet();
        try {
            return generation.get();
        } finally {
            generating.decrementAndGet();
        }
    }

    /** Whether a lone sample may take the second core for its next step. */
    boolean secondCoreFree() {
        return trainingIdle && generating.get() == 1;
    }

    @EventListener
    void removed(JobEvent.Removed e) {
        byModel.remove(e.job().id());
    }
}
