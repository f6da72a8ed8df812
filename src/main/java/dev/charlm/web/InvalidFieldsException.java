package dev.charlm.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
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

    /**
     * Bean Validation's violations as field errors named by their JSON path ({@code hiddenSize},
     * {@code optimizer.learningRate}, {@code samplePrefixes[2]}): a property that Jackson unwraps into
     * its parent adds no segment, a list element adds its index. Listed in the order of the root
     * record's members, so a body lists them as the request's fields are documented, every time.
     */
    public static List<FieldError> fieldErrors(Set<? extends ConstraintViolation<?>> violations) {
        if (violations.isEmpty()) {
            return List.of();
        }
        Class<?> root = violations.iterator().next().getRootBeanClass();
        List<String> order = root.isRecord() ? JsonFields.of(root) : List.of();
        Comparator<FieldError> byMember = Comparator.comparingInt(e -> {
            int i = order.indexOf(e.field().split("[.\\[]", 2)[0]);
            return i < 0 ? Integer.MAX_VALUE : i;
        });
        return violations.stream()
                .map(v -> new FieldError(jsonPath(v), v.getMessage()))
                .sorted(byMember.thenComparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    private static String jsonPath(ConstraintViolation<?> v) {
        StringBuilder sb = new StringBuilder();
        Class<?> type = v.getRootBeanClass();
        for (Path.Node n : v.getPropertyPath()) {
            if (n.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (n.getIndex() != null) {
                    sb.append('[').append(n.getIndex()).append(']');
                }
                continue;
            }
            if (n.getKind() != ElementKind.PROPERTY) {
                continue;
            }
            Field f = JsonFields.field(type, n.getName());
            if (!JsonFields.unwrapped(f)) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(n.getName());
            }
            type = f == null ? Object.class : f.getType();
        }
        return sb.isEmpty() ? "body" : sb.toString();
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
