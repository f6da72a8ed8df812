package dev.charlm.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.charlm.engine.sample.TokenLogprob;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's completion object; a streamed chunk has the same shape, one choice per chunk and no usage
 * (except the last chunk with {@code stream_options.include_usage}, which has usage and no choices).
 *
 * @param object always {@code text_completion}
 * @param created seconds since the epoch
 * @param model   the CharLM id of the model that answered
 */
@Schema(name = "OpenAiCompletion")
record CompletionResponse(String id, String object, long created, String model, List<Choice> choices,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    static final String OBJECT = "text_completion";

    /**
     * @param index        promptIndex × n + i, as OpenAI numbers them
     * @param logprobs     null unless asked for
     * @param finishReason {@code stop} (a stop string, or the end of a line in line mode), {@code length};
     *                     null in a stream's chunks before the choice's last
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Choice(String text, int index, Logprobs logprobs, @JsonProperty("finish_reason") String finishReason) {
    }

    /**
     * OpenAI's legacy logprobs object: one entry per token (character), in order.
     *
     * @param tokens        the characters
     * @param tokenLogprobs each character's natural log-probability; null for a prompt's first
     * @param topLogprobs   the most likely characters of each step and their log-probabilities; null for a prompt's first
     * @param textOffset    each character's offset in code points from the start of the prompt
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Logprobs(List<String> tokens, @JsonProperty("token_logprobs") List<Double> tokenLogprobs,
                    @JsonProperty("top_logprobs") List<Map<String, Double>> topLogprobs,
                    @JsonProperty("text_offset") List<Integer> textOffset) {

        /** OpenAI's object for these entries, the first at {@code offset} code points from the prompt's start. */
        static Logprobs of(List<TokenLogprob> entries, int offset) {
            List<String> tokens = new ArrayList<>(entries.size());
            List<Double> values = new ArrayList<>(entries.size());
            List<Map<String, Double>> tops = new ArrayList<>(entries.size());
            List<Integer> offsets = new ArrayList<>(entries.size());
            for (TokenLogprob t : entries) {
                tokens.add(t.token());
                values.add(t.logprob());
                if (t.top() == null) {
                    tops.add(null);
                } else {
                    Map<String, Double> top = new LinkedHashMap<>();
                    t.top().forEach(c -> top.put(c.token(), c.logprob()));
                    tops.add(top);
                }
                offsets.add(offset);
                offset += t.token().codePointCount(0, t.token().length());
            }
            return new Logprobs(tokens, values, tops, offsets);
        }
    }

    /** In tokens, that is code points; a prompt counts once however many choices it has. */
    record Usage(@JsonProperty("prompt_tokens") long promptTokens, @JsonProperty("completion_tokens") long completionTokens,
                 @JsonProperty("total_tokens") long totalTokens) {
    }
}
