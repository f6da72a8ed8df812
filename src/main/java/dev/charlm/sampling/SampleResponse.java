package dev.charlm.sampling;

import dev.charlm.engine.sample.SampleResult;
import io.swagger.v3.oas.annotations.media.Schema;

/** One generated text. */
record SampleResponse(
        @Schema(example = "分开") String prefix,
        @Schema(description = "the generated characters, without the prefix") String text,
        @Schema(description = "reproduces this sample with the same options") long seed,
        @Schema(description = "length, stop or end-of-line", example = "length") String finishReason) {

    static SampleResponse of(SampleResult r) {
        return new SampleResponse(r.prefix(), r.text(), r.seed(), r.finishReason().wireName());
    }
}
