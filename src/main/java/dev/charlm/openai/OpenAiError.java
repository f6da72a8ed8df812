package dev.charlm.openai;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error body, {@code {"error": {"message", "type", "param", "code"}}}; param and code are
 * written as null when absent, as OpenAI does.
 */
public record OpenAiError(Body error) {

    /**
     * @param message what went wrong, for a person
     * @param type    {@code invalid_request_error}, {@code authentication_error}, {@code requests} (rate limit)
     *                or {@code server_error}
     * @param param   the request field at fault, or null
     * @param code    a machine-readable reason ({@code model_not_found}, ...), or null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code) {
    }

    public static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new Body(message, type, param, code));
    }
}
