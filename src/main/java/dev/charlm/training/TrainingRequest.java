package dev.charlm.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.training.request.Options;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * A request to train a model: a corpus, an optional preset, and a patch of the engine's
 * {@link TrainingConfig} of the same shape, each field null when the request leaves it to the preset
 * or the defaults. On the wire the groups are unwrapped, so the JSON is flat as it always was (only
 * optimizer, lrDecay and clip are objects). Unknown fields are refused (a misspelt option should not
 * be ignored). The same shape, fully resolved, is what {@code GET /models/{id}} reports as the
 * model's config, and what the constraints on the patch records ({@link dev.charlm.training.request}) are
 * checked on.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Training options; every field except corpus is optional.")
public record TrainingRequest(
        @Schema(description = "corpus id, or the name of a built-in corpus", example = "jaychou", requiredMode = Schema.RequiredMode.REQUIRED) String corpus,
        @Schema(description = "start from a preset (GET /presets); explicit fields override it", example = "d2l-gru") String preset,
        @Schema(description = "display name", example = "gru on jay chou") @Size(max = 100, message = "at most 100 characters") String name,
        @JsonUnwrapped @Valid Options options) {

    public TrainingRequest {
        options = options == null ? Options.NONE : options;
    }

    /** A request with these options and no corpus, preset or name: how presets and defaults are written. */
    static TrainingRequest of(Options options) {
        return new TrainingRequest(null, null, null, options);
    }

    /** The same request with other options (resume: new limits). */
    TrainingRequest withOptions(Options o) {
        return new TrainingRequest(corpus, preset, name, o);
    }
}
