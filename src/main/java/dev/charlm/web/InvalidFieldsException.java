package dev.charlm.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request with one or more invalid fields; the problem body lists every one under {@code errors}. */
public class InvalidFieldsException extends ApiException {

    private final List<FieldError> errors;

    public InvalidFieldsException(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, "Invalid request", summary(errors), Map.of("errors", List.copyOf(errors)));
        this.errors = List.copyOf(errors);
    }

    public static InvalidFieldsException of(String field, String message) {
        return new InvalidFieldsException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        if (errors.size() == 1) {
            return errors.get(0).field() + ": " + errors.get(0).message();
        }
        return errors.size() + " fields are invalid: " + String.join(", ", errors.stream().map(FieldError::field).toList());
    }

    /** One invalid field: its name (dotted for nested fields) and why. */
    public record FieldError(String field, String message) {
    }
}
