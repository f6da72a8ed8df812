package dev.charlm.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;

/** New limits for a resumed job; absent fields keep the job's. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ResumeRequest(
        @Schema(description = "train up to this many epochs in all", example = "60") Integer epochs,
        @Schema(description = "train up to this many steps in all (0 = no limit)", example = "0") Long maxSteps,
        @Schema(description = "train up to this much wall time in all, validation included, seconds (0 = no limit)", example = "0") Double maxSeconds) {

    static final ResumeRequest NONE = new ResumeRequest(null, null, null);
}
