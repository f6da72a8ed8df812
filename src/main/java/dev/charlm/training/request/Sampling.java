package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Periodic samples: engine/train/PeriodicSampling. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sampling(
        @Schema(description = "sample from samplePrefixes every N steps (0 = never)", example = "250")
        @Min(value = 0, message = "must be between 0 and 2147483647") Integer sampleEvery,
        @Schema(description = "prefixes of the periodic samples", example = "[\"分开\", \"不分开\"]")
        @Size(max = 10, message = "at most 10 prefixes")
        List<@NotNull(message = "must be a string of at most 200 characters") @Size(max = 200, message = "must be a string of at most 200 characters") String> samplePrefixes,
        @Schema(description = "characters per periodic sample", example = "50")
        @Min(value = 1, message = "must be at least 1") Integer sampleLength,
        @Schema(description = "temperature of periodic samples (0 = greedy)", example = "0")
        @DecimalMin(value = "0", message = "must be between 0.0 and 100.0") @DecimalMax(value = "100", message = "must be between 0.0 and 100.0") Double sampleTemperature) {

    Sampling over(Sampling b) {
        return new Sampling(pick(sampleEvery, b.sampleEvery), pick(samplePrefixes, b.samplePrefixes),
                pick(sampleLength, b.sampleLength), pick(sampleTemperature, b.sampleTemperature));
    }
}
