package dev.charlm.openai;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A request the OpenAI-compatible API refuses, rendered as {@link OpenAiError} with its status. */
class OpenAiException extends RuntimeException {

    static final String INVALID_REQUEST = "invalid_request_error";

    private final HttpStatus status;
    private final String type;
    private final String param;
    private final String code;
    private final HttpHeaders headers = new HttpHeaders();

    OpenAiException(HttpStatus status, String type, String param, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** 400 naming the field at fault. */
    static OpenAiException invalid(String param, String message) {
        return new OpenAiException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, param, null, message);
    }

    /** 404 with OpenAI's code for a model it does not know. */
    static OpenAiException modelNotFound(String model, String why) {
        return new OpenAiException(HttpStatus.NOT_FOUND, INVALID_REQUEST, "model", "model_not_found",
                "The model '" + model + "' does not exist" + why);
    }

    /** Adds a response header (Allow of a 405, Retry-After of a 429). */
    OpenAiException withHeader(String name, String value) {
        headers.set(name, value);
        return this;
    }

    HttpHeaders headers() {
        return headers;
    }

    HttpStatus status() {
        return status;
    }

    OpenAiError body() {
        return OpenAiError.of(getMessage(), type, param, code);
    }
}
