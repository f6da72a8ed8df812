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
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The weights sampling and scoring use for a model: a training job's latest checkpoint (held by the
 * job while it runs), or the stored checkpoint, loaded once per version and kept in a small LRU cache.
 * Weights are shared read-only by every request; each request brings its own state buffers. One model is read by
 * one thread at a time: a request that comes while the file is being read (by {@link ModelWarmUp}, or by another
 * request) waits for that read and takes its weights.
 */
@Component
class LoadedModels {

    /** A loaded checkpoint, with its version, so that a newer checkpoint replaces it. */
    private record Entry(CheckpointVersion version, LanguageModel model) {
    }

    private final CheckpointStore checkpoints;
    private final Map<String, Entry> cache;
    /** Held while a model's checkpoint is read, one per model id. */
    private final Map<String, Object> reading = new ConcurrentHashMap<>();

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
        LanguageModel cached = cached(job.id(), latest.get());
        if (cached != null) {
            return cached;
        }
        synchronized (reading.computeIfAbsent(job.id(), k -> new Object())) {
            cached = cached(job.id(), latest.get());   // read meanwhile by the thread this one waited for
            if (cached != null) {
                return cached;
            }
            StoredCheckpoint stored = checkpoints.read(job.id())
                    .orElseThrow(() -> new ModelNotFoundException(job.id()));   // deleted since latest() above
            LanguageModel loaded = stored.checkpoint().servingModel();
            synchronized (cache) {
                cache.put(job.id(), new Entry(stored.version(), loaded));
            }
            return loaded;
        }
    }

    /** The cached weights of this version, or null. */
    private LanguageModel cached(String id, CheckpointVersion version) {
        synchronized (cache) {
            Entry e = cache.get(id);
            return e != null && e.version().equals(version) ? e.model() : null;
        }
    }

    /** Whether the model's weights are loaded (whichever version). */
    boolean isLoaded(String id) {
        synchronized (cache) {
            return cache.containsKey(id);
        }
    }

    @EventListener
    void removed(JobEvent.Removed e) {
        synchronized (cache) {
            cache.remove(e.job().id());
        }
        reading.remove(e.job().id());
    }
}
