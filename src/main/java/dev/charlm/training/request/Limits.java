package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** When to stop: engine/train/Limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Limits(
        @Schema(description = "stop after this many epochs", example = "30")
        @Min(value = 1, message = "must be between 1 and 1000000") @Max(value = 1_000_000, message = "must be between 1 and 1000000") Integer epochs,
        @Schema(description = "stop after this many steps (0 = no limit)", example = "0")
        @Min(value = 0, message = "must be >= 0 (0 = no limit)") Long maxSteps,
        @Schema(description = "stop after this much wall time in seconds, validation and checkpoints included (0 = no limit)", example = "0")
        @DecimalMin(value = "0", message = "must be between 0.0 and 3.1536E7") @DecimalMax(value = "31536000", message = "must be between 0.0 and 3.1536E7") Double maxSeconds,
        @Schema(description = "stop after this much training time alone in seconds, validation and checkpoints excluded, "
                + "as benchmarks time it (0 = no limit)", example = "0")
        @DecimalMin(value = "0", message = "must be between 0.0 and 3.1536E7") @DecimalMax(value = "31536000", message = "must be between 0.0 and 3.1536E7") Double maxTrainSeconds) {

    public Limits over(Limits b) {
        return new Limits(pick(epochs, b.epochs), pick(maxSteps, b.maxSteps), pick(maxSeconds, b.maxSeconds),
                pick(maxTrainSeconds, b.maxTrainSeconds));
    }
}
