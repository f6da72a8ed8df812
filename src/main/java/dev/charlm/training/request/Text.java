package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.training.request.OptionRules.Checked;
import dev.charlm.training.request.OptionRules.Consistent;
import dev.charlm.training.request.OptionRules.Problems;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How the corpus becomes tokens: engine/text/TextOptions (its line mode follows lines batching). */
@Consistent
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Text(
        @Schema(description = "none, lowercase or letters (lower-case; every run of non-letters becomes one space)", example = "none") String preprocessing,
        @Schema(description = "line breaks become spaces (d2l's Jay Chou loader)", example = "false") Boolean joinLines,
        @Schema(description = "train on the first N characters only (0 = all)", example = "0")
        @Min(value = 0, message = "must be between 0 and 2147483647") Integer maxChars,
        @Schema(description = "vocabulary limit including <unk> (0 = none)", example = "0")
        @Min(value = 0, message = "must be between 0 and 1000000") @Max(value = 1_000_000, message = "must be between 0 and 1000000") Integer maxVocab,
        @Schema(description = "characters seen fewer times become <unk>", example = "1")
        @Min(value = 1, message = "must be between 1 and 2147483647") Integer minFrequency) implements Checked {

    Text over(Text b) {
        return new Text(pick(preprocessing, b.preprocessing), pick(joinLines, b.joinLines), pick(maxChars, b.maxChars),
                pick(maxVocab, b.maxVocab), pick(minFrequency, b.minFrequency));
    }

    @Override
    public void check(Problems p) {
        p.choice("preprocessing", preprocessing, Preprocessing.class);
        p.require(maxVocab == null || maxVocab != 1, "maxVocab", "must be 0 (no limit) or at least 2");
    }
}
