package dev.charlm.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A model in OpenAI's shape.
 *
 * @param id      the CharLM model id (completions also take its name)
 * @param object  always {@code model}
 * @param created seconds since the epoch, when the model was submitted
 * @param ownedBy always {@code charlm}
 */
@Schema(name = "OpenAiModel")
record ModelObject(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {

    static ModelObject of(String id, long created) {
        return new ModelObject(id, "model", created, "charlm");
    }

    /** OpenAI's list: {@code {"object": "list", "data": [...]}}. */
    @Schema(name = "OpenAiModelList")
    record Page(String object, List<ModelObject> data) {

        static Page of(List<ModelObject> data) {
            return new Page("list", data);
        }
    }
}
