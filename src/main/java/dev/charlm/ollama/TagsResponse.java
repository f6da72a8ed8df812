package dev.charlm.ollama;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /api/tags}: the models that have a checkpoint, newest first. */
record TagsResponse(List<Entry> models) {

    /**
     * @param name   {@code <name>:<id>} (see {@link ModelNames})
     * @param model  the same, as Ollama repeats it
     * @param size   bytes of the model file ({@code model.clm})
     * @param digest SHA-256 of the model file, hex
     */
    record Entry(String name, String model, @JsonProperty("modified_at") String modifiedAt, long size, String digest,
                 Details details) {
    }

    /**
     * @param format            {@code clm}, CharLM's model file
     * @param family            the cell: rnn, gru or lstm
     * @param parameterSize     the parameter count as Ollama abbreviates it ("24K", "1.25M")
     * @param quantizationLevel F32 or F64, the model's precision
     */
    record Details(@JsonProperty("parent_model") String parentModel, String format, String family, List<String> families,
                   @JsonProperty("parameter_size") String parameterSize,
                   @JsonProperty("quantization_level") String quantizationLevel) {
    }
}
