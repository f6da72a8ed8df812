package dev.charlm.ollama;

import dev.charlm.training.JobRegistry;
import dev.charlm.training.ModelNotFoundException;
import dev.charlm.training.TrainingJob;
import dev.charlm.web.InvalidFieldsException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Ollama names a model {@code name:tag}. CharLM lists each model as {@code <name>:<id>}, unique and readable
 * ({@code <id>:latest} for a model without a name), and takes {@code <name>:<id>}, {@code <id>},
 * {@code <name>} and {@code <name>:latest}: the last two mean the newest model with that name.
 */
@Component
class ModelNames {

    static final String LATEST = "latest";

    private final JobRegistry jobs;

    ModelNames(JobRegistry jobs) {
        this.jobs = jobs;
    }

    /** The name {@code /api/tags} lists the model under. */
    static String of(TrainingJob job) {
        String name = job.name();
        return name == null || name.isBlank() ? job.id() + ":" + LATEST : name + ":" + job.id();
    }

    /** The model a client's name refers to, or a 404 in Ollama's words; 400 without a name. */
    TrainingJob resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw InvalidFieldsException.of("model", "required");
        }
        int colon = ref.lastIndexOf(':');
        if (colon > 0) {
            String base = ref.substring(0, colon);
            String tag = ref.substring(colon + 1);
            if (tag.equals(LATEST)) {
                return byIdOrName(base, ref);
            }
            Optional<TrainingJob> tagged = jobs.find(tag).filter(j -> base.equals(j.name()));
            if (tagged.isPresent()) {
                return tagged.get();
            }
        }
        return byIdOrName(ref, ref);   // an id, or a name that itself holds a colon
    }

    private TrainingJob byIdOrName(String ref, String asGiven) {
        try {
            return jobs.byIdOrName(ref);
        } catch (ModelNotFoundException e) {
            throw new OllamaException(HttpStatus.NOT_FOUND, "model '" + asGiven + "' not found");
        }
    }
}
