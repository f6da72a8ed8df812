package dev.charlm.web;

import dev.charlm.engine.io.InvalidModelFileException;
import dev.charlm.engine.text.MalformedTextException;
import dev.charlm.engine.text.UnknownCharactersException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Renders every error as RFC 9457 {@code application/problem+json}: through the base class the framework's
 * own (415, 405, 404 of unknown paths, 413 of oversized multipart) and every
 * {@link org.springframework.web.ErrorResponseException}, which is what the domain's exceptions are (each
 * in its feature package, carrying its status, title, detail, extra members and headers); here, engine
 * errors in input, requests the container could read only in part, and anything else as a 500 without a
 * stack trace.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    /** A Java type as Jackson quotes it, qualified or not (`java.lang.Integer`, `int`, `java.util.List<java.lang.String>`). */
    private static final Pattern QUALIFIED_TYPE = Pattern.compile("`(?:[A-Za-z_$][\\w$]*\\.)*([A-Za-z_$][\\w$]*)(?:<[^`]*>|\\[\\])?`");

    @ExceptionHandler(MalformedTextException.class)
    ResponseEntity<ProblemDetail> malformed(MalformedTextException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Text is not UTF-8");
        p.setProperty("byteOffset", e.byteOffset());
        return ResponseEntity.badRequest().body(p);
    }

    @ExceptionHandler(UnknownCharactersException.class)
    ResponseEntity<ProblemDetail> unknown(UnknownCharactersException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Characters outside the vocabulary");
        p.setProperty("characters", e.characters());
        return ResponseEntity.badRequest().body(p);
    }

    @ExceptionHandler(InvalidModelFileException.class)
    ResponseEntity<ProblemDetail> damaged(InvalidModelFileException e) {
        LOG.error("A stored model file cannot be read: {}", e.getMessage());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the stored model file cannot be read: " + e.getMessage());
        p.setTitle("Damaged model file");
        return ResponseEntity.internalServerError().body(p);
    }

    /** A query string or form that is not UTF-8: the container's message quotes the bytes, so the detail is fixed. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> parameters(InvalidParameterException e) {
        HttpStatus status = HttpStatus.resolve(e.getErrorCode());
        if (status == null || !status.is4xxClientError()) {
            status = HttpStatus.BAD_REQUEST;
        }
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, status == HttpStatus.BAD_REQUEST
                ? "a query parameter or form field cannot be decoded: percent-encoded bytes must be UTF-8"
                : "too many query parameters or form fields");
        p.setTitle("Unreadable request parameters");
        return ResponseEntity.status(status).body(p);
    }

    /** A truncated multipart body, or one without its boundary; an oversized one (a subclass) stays a 413 of the base class. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the multipart body cannot be parsed: it is truncated, or its boundary is missing or wrong");
        p.setTitle("Malformed multipart body");
        return ResponseEntity.badRequest().body(p);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected error, incident {}", incident, e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; the server log has the details under incident " + incident);
        p.setTitle("Internal error");
        p.setProperty("incident", incident);
        return ResponseEntity.internalServerError().body(p);
    }

    /** Unreadable JSON: name the field when Jackson knows it. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        ProblemDetail p = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        p.setTitle("Unreadable request body");
        if (cause instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            p.setDetail("unknown field '" + field + "'");
            p.setProperty("errors", List.of(new InvalidFieldsException.FieldError(field, "unknown field; known fields: " + knownFields(u))));
        } else if (cause instanceof DatabindException d && !d.getPath().isEmpty()) {
            String field = path(d);
            String why = d.getOriginalMessage();
            int cut = why.indexOf('\n');
            p.setDetail(field + ": " + withoutClassNames(cut > 0 ? why.substring(0, cut) : why));
            p.setProperty("errors", List.of(new InvalidFieldsException.FieldError(field, "has the wrong type or format")));
        } else {
            p.setDetail("the body is not valid JSON of the expected shape");
        }
        return ResponseEntity.badRequest().body(p);
    }

    /** A query parameter of the wrong type, e.g. {@code length=abc}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        String type = ex.getRequiredType() != null ? ex.getRequiredType().getSimpleName().toLowerCase() : "another type";
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                field + ": '" + ex.getValue() + "' is not a valid " + type);
        p.setTitle("Invalid request");
        p.setProperty("errors", List.of(new InvalidFieldsException.FieldError(field, "must be a " + type)));
        return ResponseEntity.badRequest().body(p);
    }

    /** The fields an object accepts, those of its unwrapped components included (Jackson lists only its own). */
    private static Object knownFields(UnrecognizedPropertyException u) {
        Class<?> type = u.getReferringClass();
        return type != null && type.isRecord() ? JsonFields.of(type) : u.getKnownPropertyIds();
    }

    /** Jackson names the Java type it wanted ({@code `java.lang.Integer`}); the client needs the JSON type. */
    private static String withoutClassNames(String message) {
        Matcher m = QUALIFIED_TYPE.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String type = switch (m.group(1)) {
                case "Integer", "int", "Long", "long", "Short", "short", "BigInteger" -> "integer";
                case "Double", "double", "Float", "float", "BigDecimal" -> "number";
                case "Boolean", "boolean" -> "boolean";
                case "String" -> "string";
                case "List", "Set", "Collection", "ArrayList" -> "array";
                default -> m.group(1).replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(type));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String path(DatabindException e) {
        String path = JsonPath.of(e);
        return path.isEmpty() ? "body" : path;
    }
}
