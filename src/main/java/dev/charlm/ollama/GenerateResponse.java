package dev.charlm.ollama;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One object of {@code /api/generate}: a piece of a stream ({@code done: false}, the statistics absent), or the
 * last object (or the whole answer without streaming) with why it ended and its statistics. Durations are
 * nanoseconds and counts are characters (Unicode code points), as Ollama counts tokens.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GenerateResponse(
        String model,
        @JsonProperty("created_at") String createdAt,
        String response,
        boolean done,
        @JsonProperty("done_reason") String doneReason,
        @JsonProperty("total_duration") Long totalDuration,
        @JsonProperty("load_duration") Long loadDuration,
        @JsonProperty("prompt_eval_count") Integer promptEvalCount,
        @JsonProperty("prompt_eval_duration") Long promptEvalDuration,
        @JsonProperty("eval_count") Integer evalCount,
        @JsonProperty("eval_duration") Long evalDuration) {

    static GenerateResponse piece(String model, String text) {
        return new GenerateResponse(model, now(), text, false, null, null, null, null, null, null, null);
    }

    /** Ollama's answer to an empty prompt: the model is loaded, nothing is generated. */
    static GenerateResponse loaded(String model) {
        return new GenerateResponse(model, now(), "", true, "load", null, null, null, null, null, null);
    }

    static String now() {
        return java.time.Instant.now().toString();
    }
}
