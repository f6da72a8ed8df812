package dev.charlm.ollama;

import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.web.InvalidFieldsException;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the {@code /api} controller in Ollama's shape, {@code {"error": "message"}} with the HTTP status
 * (404 for an unknown model, 400 for bad input), because that is what Ollama's clients parse. Scoped to that
 * controller and ordered before the problem+json advice, so every other path keeps problem+json.
 */
@RestControllerAdvice(assignableTypes = OllamaController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OllamaErrors {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaErrors.class);

    /**
     * The domain's errors and Spring's own (each an {@link ErrorResponse}): their status, headers (Retry-After) and
     * detail; characters outside the vocabulary: 400; anything else: 500 without a stack trace.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<OllamaError> handle(Exception e) {
        if (e instanceof InvalidFieldsException f) {
            return body(f.getStatusCode(), f.errors().stream().map(x -> x.field() + ": " + x.message())
                    .collect(Collectors.joining("; ")), f.getHeaders());
        }
        if (e instanceof ErrorResponse r) {
            String detail = r.getBody().getDetail();
            return body(r.getStatusCode(), detail != null ? detail : r.getBody().getTitle(), r.getHeaders());
        }
        if (e instanceof UnknownCharactersException u) {
            return body(HttpStatus.BAD_REQUEST, "prompt: " + u.getMessage(), null);
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected error, incident {}", incident, e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; the server log has the details under incident " + incident, null);
    }

    private static ResponseEntity<OllamaError> body(HttpStatusCode status, String message,
                                                       org.springframework.http.HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(new OllamaError(message));
    }
}
