package dev.charlm.sampling;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.sample.BatchingSampler;
import dev.charlm.training.JobEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One {@link BatchingSampler} per model, for the weights it currently serves: concurrent requests to a
 * model are advanced together. A new checkpoint gets a new sampler; the old one finishes its requests
 * and its threads end.
 */
@Component
class Samplers {

    private final Map<String, BatchingSampler> byModel = new ConcurrentHashMap<>();
    /** Requests one batch (one per core) advances together: {@code charlm.sampling.batch-size}. */
    private final int batchSize;
    /** Batches of one model stepped at the same time: {@code charlm.sampling.lanes}, 0 = one per core. */
    private final int lanes;

    Samplers(CharLmProperties properties) {
        this.batchSize = properties.sampling().batchSize();
        int configured = properties.sampling().lanes();
        this.lanes = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    BatchingSampler of(String id, LanguageModel model) {
        return byModel.compute(id, (k, old) -> old != null && old.model() == model ? old : new BatchingSampler(model, batchSize, lanes, Kernels.matMul("auto")));
    }

    @EventListener
    void removed(JobEvent.Removed e) {
        byModel.remove(e.job().id());
    }
}
