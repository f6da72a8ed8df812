package dev.charlm.sampling;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.training.CheckpointStore;
import dev.charlm.training.CheckpointVersion;
import dev.charlm.training.JobEvent;
import dev.charlm.training.ModelNotFoundException;
import dev.charlm.training.NoCheckpointException;
import dev.charlm.training.StoredCheckpoint;
import dev.charlm.training.TrainingJob;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The weights sampling and scoring use for a model: a training job's latest checkpoint (held by the
 * job while it runs), or the stored checkpoint, loaded once per version and kept in a small LRU cache.
 * Weights are shared read-only by every request; each request brings its own state buffers.
 */
@Component
class LoadedModels {

    /** A loaded checkpoint, with its version, so that a newer checkpoint replaces it. */
    private record Entry(CheckpointVersion version, LanguageModel model) {
    }

    private final CheckpointStore checkpoints;
    private final Map<String, Entry> cache;

    LoadedModels(CheckpointStore checkpoints, CharLmProperties properties) {
        this.checkpoints = checkpoints;
        int capacity = Math.max(1, properties.sampling().cachedModels());
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    LanguageModel model(TrainingJob job) {
        LanguageModel live = job.serving();
        if (live != null) {
            return live;
        }
        Optional<CheckpointVersion> latest = job.checkpointStep() == null ? Optional.empty() : checkpoints.latest(job.id());
        if (latest.isEmpty()) {
            throw new NoCheckpointException(job.id(), ": the first one is written at its first "
                    + "evaluation (every evalEvery steps, or at the end of the first epoch); try again then");
        }
        synchronized (cache) {
            Entry e = cache.get(job.id());
            if (e != null && e.version().equals(latest.get())) {
                return e.model();
            }
        }
        StoredCheckpoint stored = checkpoints.read(job.id())
                .orElseThrow(() -> new ModelNotFoundException(job.id()));   // deleted since the line above
        LanguageModel loaded = stored.checkpoint().servingModel();
        synchronized (cache) {
            cache.put(job.id(), new Entry(stored.version(), loaded));
        }
        return loaded;
    }

    @EventListener
    void removed(JobEvent.Removed e) {
        synchronized (cache) {
            cache.remove(e.job().id());
        }
    }
}
