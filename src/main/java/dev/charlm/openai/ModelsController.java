package dev.charlm.openai;

import dev.charlm.training.JobRegistry;
import dev.charlm.training.ModelNotFoundException;
import dev.charlm.training.TrainingJob;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The models that can complete: those with a checkpoint, newest first. */
@RestController
@Tag(name = OpenAiApi.TAG, description = OpenAiApi.DESCRIPTION)
class ModelsController {

    private final JobRegistry jobs;

    ModelsController(JobRegistry jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/v1/models")
    @Operation(summary = "List the models that can complete", description = "Every model with a checkpoint, finished or still training.")
    ModelObject.Page list() {
        return ModelObject.Page.of(jobs.list(null).stream()
                .filter(j -> j.checkpointStep() != null)
                .map(ModelsController::object)
                .toList());
    }

    @GetMapping("/v1/models/{model}")
    @Operation(summary = "One model", description = "By id or name; 404 (model_not_found) when there is none with a checkpoint.")
    @ApiResponse(responseCode = "404", description = "no such model", content = @Content(mediaType = "application/json", schema = @Schema(implementation = OpenAiError.class)))
    ModelObject get(@Parameter(description = "model id or name") @PathVariable String model) {
        return object(withCheckpoint(jobs, model));
    }

    /** The model by id or name, if it can complete; else OpenAI's 404 (model_not_found). */
    static TrainingJob withCheckpoint(JobRegistry jobs, String ref) {
        TrainingJob j;
        try {
            j = jobs.byIdOrName(ref);
        } catch (ModelNotFoundException e) {
            throw OpenAiException.modelNotFound(ref, "");
        }
        if (j.checkpointStep() == null) {
            throw OpenAiException.modelNotFound(ref, ": it has no checkpoint yet (it is " + j.status() + ")");
        }
        return j;
    }

    private static ModelObject object(TrainingJob j) {
        return ModelObject.of(j.id(), j.createdAt().getEpochSecond());
    }
}
