package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * @param factor     multiply the learning rate by this after each epoch (1 = none)
 * @param afterEpoch from this epoch on (char-rnn: 10)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LrDecay(
        @Schema(example = "0.97")
        @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1]") @DecimalMax(value = "1", message = "must be in (0, 1]") Double factor,
        @Schema(example = "10")
        @Min(value = 0, message = "must be between 0 and 1000000") @Max(value = 1_000_000, message = "must be between 0 and 1000000") Integer afterEpoch) {

    LrDecay over(LrDecay b) {
        return b == null ? this : new LrDecay(pick(factor, b.factor), pick(afterEpoch, b.afterEpoch));
    }
}
