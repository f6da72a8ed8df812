package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/** The held-out tail: engine/train/Validation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Validation(
        @Schema(description = "contiguous tail held out for validation", example = "0.1")
        @DecimalMin(value = "0", message = "must be between 0.0 and 0.5") @DecimalMax(value = "0.5", message = "must be between 0.0 and 0.5") Double valFraction,
        @Schema(description = "validate and checkpoint every N steps (0 = every epoch)", example = "0")
        @Min(value = 0, message = "must be between 0 and 2147483647") Integer evalEvery,
        @Schema(description = "validate on the first N characters of the held-out tail only, the same ones every time (0 = all of it)", example = "0")
        @Min(value = 0, message = "must be >= 0 (0 = the whole held-out tail)") Integer evalChars) {

    Validation over(Validation b) {
        return new Validation(pick(valFraction, b.valFraction), pick(evalEvery, b.evalEvery), pick(evalChars, b.evalChars));
    }
}
