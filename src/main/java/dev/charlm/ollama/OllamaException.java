package dev.charlm.ollama;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A refusal of an {@code /api} request: its status, and the message Ollama's {@code error} member carries. */
class OllamaException extends ErrorResponseException {

    OllamaException(HttpStatus status, String message) {
        super(status);
        setDetail(message);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
