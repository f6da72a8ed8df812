package dev.charlm.openai;

import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.training.ModelNotFoundException;
import dev.charlm.training.NoCheckpointException;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.JsonPath;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import jakarta.servlet.ServletException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * OpenAI's error shape for the {@code /v1} controllers, ahead of {@code ProblemDetailsAdvice} (which
 * keeps problem+json for every other controller): OpenAI's clients read {@code error.message} and map
 * the status to their typed exceptions.
 */
@RestControllerAdvice(assignableTypes = {CompletionsController.class, ModelsController.class, OpenAiFallbackController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenAiErrorAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiErrorAdvice.class);

    @ExceptionHandler(OpenAiException.class)
    ResponseEntity<OpenAiError> refused(OpenAiException e) {
        return ResponseEntity.status(e.status()).headers(e.headers()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    @ExceptionHandler(ModelNotFoundException.class)
    ResponseEntity<OpenAiError> unknownModel(ModelNotFoundException e) {
        return refused(new OpenAiException(HttpStatus.NOT_FOUND, OpenAiException.INVALID_REQUEST, "model", "model_not_found",
                e.getBody().getDetail()));
    }

    @ExceptionHandler(NoCheckpointException.class)
    ResponseEntity<OpenAiError> noCheckpoint(NoCheckpointException e) {
        return refused(new OpenAiException(HttpStatus.NOT_FOUND, OpenAiException.INVALID_REQUEST, "model", "model_not_found",
                e.getBody().getDetail()));
    }

    /** The sampling service's checks (a prompt too long), named by their field. */
    @ExceptionHandler(InvalidFieldsException.class)
    ResponseEntity<OpenAiError> invalidFields(InvalidFieldsException e) {
        InvalidFieldsException.FieldError first = e.errors().get(0);
        return refused(OpenAiException.invalid(first.field(), first.field() + ": " + first.message()));
    }

    @ExceptionHandler(UnknownCharactersException.class)
    ResponseEntity<OpenAiError> unknownCharacters(UnknownCharactersException e) {
        return refused(OpenAiException.invalid("prompt", e.getMessage()));
    }

    /** Malformed JSON, a field of the wrong type, an unknown field. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<OpenAiError> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            String field = u.getPropertyName();
            return refused(OpenAiException.invalid(field, "Unrecognized request argument supplied: " + field));
        }
        if (cause instanceof DatabindException d && !d.getPath().isEmpty()) {
            String field = JsonPath.of(d);
            return refused(OpenAiException.invalid(field, "Invalid type for '" + field + "'"));
        }
        return refused(OpenAiException.invalid(null, "We could not parse the JSON body of your request: it is not valid JSON "
                + "(or it is missing). Send a JSON object with Content-Type: application/json."));
    }

    /** Spring's own refusals of a request that reached these controllers (415, 406, ...), and any other ErrorResponse. */
    @ExceptionHandler({ErrorResponseException.class, ServletException.class})
    ResponseEntity<OpenAiError> framework(Exception e) {
        if (!(e instanceof ErrorResponse r)) {
            return unexpected(e);
        }
        HttpStatusCode status = r.getStatusCode();
        String message = r.getBody().getDetail() != null ? r.getBody().getDetail() : e.getMessage();
        return ResponseEntity.status(status).headers(r.getHeaders()).contentType(MediaType.APPLICATION_JSON)
                .body(OpenAiError.of(message, status.is5xxServerError() ? "server_error" : OpenAiException.INVALID_REQUEST, null, null));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<OpenAiError> unexpected(Exception e) {
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected error on /v1, incident {}", incident, e);
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_JSON).body(OpenAiError.of(
                "The server had an error while processing your request; the server log has the details under incident " + incident,
                "server_error", null, null));
    }
}
