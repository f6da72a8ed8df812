package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charlm.engine.train.ClipMode;
import dev.charlm.training.request.OptionRules.Checked;
import dev.charlm.training.request.OptionRules.Consistent;
import dev.charlm.training.request.OptionRules.Problems;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * @param mode      none, value (element-wise ±threshold) or norm (global L2 norm)
 * @param threshold the bound
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Consistent
public record Clip(@Schema(example = "norm") String mode, @Schema(example = "5") Double threshold) implements Checked {

    Clip over(Clip b) {
        return b == null ? this : new Clip(pick(mode, b.mode), pick(threshold, b.threshold));
    }

    @Override
    public void check(Problems p) {
        p.choice("mode", mode, ClipMode.class);
        p.require(mode == null || "none".equalsIgnoreCase(mode) || threshold == null || (threshold > 0 && threshold <= 1e9),
                "threshold", "must be > 0 and at most 1.0E9");
    }
}
