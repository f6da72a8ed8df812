package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charlm.training.request.OptionRules.Checked;
import dev.charlm.training.request.OptionRules.Consistent;
import dev.charlm.training.request.OptionRules.Problems;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/** Seed, kernel and reporting: engine/train/Run (its thread count is the server's, charlm.jobs.threads). */
@Consistent
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Run(
        @Schema(description = "record a history point every N steps", example = "10")
        @Min(value = 1, message = "must be between 1 and 1000000") @Max(value = 1_000_000, message = "must be between 1 and 1000000") Integer logEvery,
        @Schema(description = "seeds initialisation, data order and dropout", example = "42") Long seed,
        @Schema(description = "matrix kernel: auto, vector or ojalgo", example = "auto") String kernel) implements Checked {

    Run over(Run b) {
        return new Run(pick(logEvery, b.logEvery), pick(seed, b.seed), pick(kernel, b.kernel));
    }

    @Override
    public void check(Problems p) {
        p.require(kernel == null || List.of("auto", "vector", "ojalgo").contains(kernel), "kernel", "must be one of auto, vector, ojalgo");
    }
}
