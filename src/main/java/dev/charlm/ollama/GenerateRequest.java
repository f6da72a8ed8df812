package dev.charlm.ollama;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.InvalidFieldsException.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/generate}, every field Ollama documents. CharLM uses {@code model},
 * {@code prompt}, {@code stream} (default true) and {@code options}. {@code raw} is accepted either way: CharLM
 * has no prompt template, so the prompt is always fed as given. {@code keep_alive} is accepted and has no
 * effect (finished models stay in the cache of {@code charlm.sampling.cached-models}). The fields that would
 * change the text and that CharLM cannot honour ({@code system}, {@code template}, {@code suffix},
 * {@code images}, {@code format}, {@code context}, {@code think}) are accepted only empty; a value is a 400.
 */
record GenerateRequest(
        String model,
        String prompt,
        Boolean stream,
        Boolean raw,
        JsonNode options,
        @JsonProperty("keep_alive") JsonNode keepAlive,
        String system,
        String template,
        String suffix,
        List<String> images,
        JsonNode format,
        List<Long> context,
        JsonNode think) {

    boolean streamed() {
        return stream == null || stream;
    }

    /** 400 naming each field CharLM cannot honour that has a value. */
    void checkSupported() {
        List<FieldError> errors = new ArrayList<>();
        String noTemplate = "CharLM has no prompt template: put the whole text in prompt";
        if (system != null && !system.isEmpty()) {
            errors.add(new FieldError("system", noTemplate));
        }
        if (template != null && !template.isEmpty()) {
            errors.add(new FieldError("template", noTemplate));
        }
        if (suffix != null && !suffix.isEmpty()) {
            errors.add(new FieldError("suffix", "a character RNN generates left to right only; fill-in-the-middle is not supported"));
        }
        if (images != null && !images.isEmpty()) {
            errors.add(new FieldError("images", "CharLM models read text only"));
        }
        if (format != null && !format.isNull() && !(format.isString() && format.stringValue().isEmpty())) {
            errors.add(new FieldError("format", "CharLM cannot constrain its output to JSON or a schema"));
        }
        if (context != null && !context.isEmpty()) {
            errors.add(new FieldError("context", "CharLM returns no context; send the whole text as prompt"));
        }
        if (think != null && !think.isNull() && !(think.isBoolean() && !think.booleanValue())) {
            errors.add(new FieldError("think", "CharLM models do not think separately"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
    }
}
