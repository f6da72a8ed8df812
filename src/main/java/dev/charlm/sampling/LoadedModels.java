package dev.charlm.sampling;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.training.JobEvent;
import dev.charlm.training.ModelStore;
import dev.charlm.training.NoCheckpointException;
import dev.charlm.training.TrainingJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The weights sampling and scoring use for a model: a training job's latest checkpoint (held by the
 * job while it runs), or the model file, loaded once and kept in a small LRU cache. Weights are shared
 * read-only by every request; each request brings its own state buffers.
 */
@Component
class LoadedModels {

    /** A loaded file, with the step it was written at, so that a newer checkpoint replaces it. */
    private record Entry(long step, LanguageModel model) {
    }

    private final ModelStore store;
    private final Map<String, Entry> cache;

    LoadedModels(ModelStore store, CharLmProperties properties) {
        this.store = store;
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
        Path file = store.modelFile(job.id());
        Long step = job.checkpointStep();
        if (step == null || !Files.isRegularFile(file)) {
            throw new NoCheckpointException(job.id(), ": the first one is written at its first "
                    + "evaluation (every evalEvery steps, or at the end of the first epoch); try again then");
        }
        synchronized (cache) {
            Entry e = cache.get(job.id());
            if (e != null && e.step() == step) {
                return e.model();
            }
        }
        LanguageModel loaded;
        try {
            loaded = ModelFile.read(file).servingModel();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        synchronized (cache) {
            cache.put(job.id(), new Entry(step, loaded));
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
