package dev.charlm.ollama;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code POST /api/show}, in Ollama's shape.
 *
 * @param parameters the defaults {@code /api/generate} samples with, one {@code key value} line each, as Ollama
 *                   prints a Modelfile's parameters
 * @param template   {@code {{ .Prompt }}}: the prompt is fed as given
 */
record ShowResponse(String modelfile, String parameters, String template, TagsResponse.Details details,
                    @JsonProperty("model_info") ModelInfo modelInfo, List<String> capabilities,
                    @JsonProperty("modified_at") String modifiedAt) {

    /**
     * The model's shape under Ollama's dotted keys, {@code general.*} as Ollama has them and {@code charlm.*}
     * for the network; absent values (a model that has not started training) are left out.
     *
     * @param blockCount      stacked layers
     * @param hiddenSize      hidden units per layer
     * @param embeddingLength width of the learned embedding, 0 when the input is one-hot
     * @param vocabSize       characters in the vocabulary (with {@code <unk>} when it has one)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelInfo(@JsonProperty("general.architecture") String architecture,
                     @JsonProperty("general.name") String name,
                     @JsonProperty("general.parameter_count") Long parameterCount,
                     @JsonProperty("charlm.cell") String cell,
                     @JsonProperty("charlm.block_count") Integer blockCount,
                     @JsonProperty("charlm.hidden_size") Integer hiddenSize,
                     @JsonProperty("charlm.embedding_length") Integer embeddingLength,
                     @JsonProperty("charlm.vocab_size") Integer vocabSize,
                     @JsonProperty("charlm.precision") String precision,
                     @JsonProperty("charlm.corpus") String corpus) {
    }
}
