package dev.charlm.sampling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Many samples in one batched call: every prefix n times, with the same options. */
@JsonIgnoreProperties(ignoreUnknown = false)
record SamplesRequest(
        @Schema(description = "prefixes to continue", example = "[\"分开\", \"不分开\"]") List<String> prefixes,
        @Schema(description = "samples per prefix", example = "2") Integer n,
        @Schema(example = "100") Integer length,
        @Schema(example = "0.8") Double temperature,
        @Schema(example = "0") Integer topK,
        @Schema(example = "1") Double topP,
        @Schema(description = "sample i uses seed + i", example = "42") Long seed,
        @Schema(description = "generation stops at any of these") List<String> stop) {
}
