package dev.charlm.openai;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's legacy completion request. Lengths are in tokens, and one token is one Unicode code point.
 * The fields OpenAI has that a character model cannot honour ({@code suffix}, {@code best_of} other
 * than n, penalties other than 0, a non-empty {@code logit_bias}) are accepted only at their neutral
 * values, so a client that sends its defaults works and one that relies on them hears why not.
 */
@Schema(name = "OpenAiCompletionRequest")
record CompletionRequest(
        @Schema(description = "a CharLM model id or name (the newest model of that name)", example = "m-abcdefgh22",
                requiredMode = Schema.RequiredMode.REQUIRED) String model,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @ArraySchema(schema = @Schema(description = "a string, or an array of strings: n choices each", example = "分开"))
        List<String> prompt,
        @JsonProperty("max_tokens") @Schema(description = "characters (code points) to generate; default 16", example = "16") Integer maxTokens,
        @Schema(description = "0 = greedy; default 1", example = "0.8") Double temperature,
        @JsonProperty("top_p") @Schema(description = "nucleus sampling, in (0, 1]; default 1") Double topP,
        @JsonProperty("top_k") @Schema(description = "CharLM's extra: sample among the K most likely characters (0 = all)") Integer topK,
        @Schema(description = "choices per prompt; default 1") Integer n,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @ArraySchema(schema = @Schema(description = "a string, or up to 4: the text ends before the first one generated"), maxItems = 4)
        List<String> stop,
        @Schema(description = "makes the choices reproducible: choice i uses seed + i") Long seed,
        @Schema(description = "stream text/event-stream chunks, ending with data: [DONE]") Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @Schema(description = "put the prompt before the completion (and, with logprobs, report its characters too)") Boolean echo,
        @Schema(description = "report the N most likely characters at each step (0 to 5), of the model's own distribution", maximum = "5")
        Integer logprobs,
        @Schema(description = "not supported: must be absent or empty") String suffix,
        @JsonProperty("best_of") @Schema(description = "not supported: absent, or equal to n") Integer bestOf,
        @JsonProperty("presence_penalty") @Schema(description = "not supported: absent or 0") Double presencePenalty,
        @JsonProperty("frequency_penalty") @Schema(description = "not supported: absent or 0") Double frequencyPenalty,
        @JsonProperty("logit_bias") @Schema(description = "not supported: absent or empty") Map<String, Double> logitBias,
        @Schema(description = "accepted and ignored") String user) {

    /** @param includeUsage end the stream with a chunk that holds the usage and no choices */
    record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
    }

    boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    boolean echoes() {
        return Boolean.TRUE.equals(echo);
    }
}
