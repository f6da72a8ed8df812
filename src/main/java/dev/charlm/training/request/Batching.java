package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.training.request.OptionRules.Checked;
import dev.charlm.training.request.OptionRules.Consistent;
import dev.charlm.training.request.OptionRules.Problems;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Windows: engine/train/Batching. */
@Consistent
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Batching(
        @Schema(description = "sequential (state carried), random (random windows) or lines (one line per sequence)", example = "sequential") String batching,
        @Schema(description = "T: steps of truncated backpropagation through time", example = "64")
        @Min(value = 1, message = "must be between 1 and 10000") @Max(value = 10_000, message = "must be between 1 and 10000") Integer seqLength,
        @Schema(description = "B: sequences per step", example = "32")
        @Min(value = 1, message = "must be between 1 and 4096") @Max(value = 4096, message = "must be between 1 and 4096") Integer batchSize,
        @Schema(description = "sequential batching: random start offset in [0, T) each epoch", example = "false") Boolean randomOffset) implements Checked {

    Batching over(Batching b) {
        return new Batching(pick(batching, b.batching), pick(seqLength, b.seqLength), pick(batchSize, b.batchSize),
                pick(randomOffset, b.randomOffset));
    }

    @Override
    public void check(Problems p) {
        p.choice("batching", batching, BatchingMode.class);
        p.require(!Boolean.TRUE.equals(randomOffset) || batching == null || "sequential".equalsIgnoreCase(batching),
                "randomOffset", "applies to sequential batching only");
    }
}
