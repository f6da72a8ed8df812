package dev.charlm.ollama;

import dev.charlm.config.CharLmProperties;
import dev.charlm.web.InvalidFieldsException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an {@code /api} body as JSON whatever its Content-Type: Ollama's documentation calls the API with
 * {@code curl -d}, which sends {@code application/x-www-form-urlencoded}, and Ollama reads the JSON anyway. The
 * body is bounded by {@code charlm.web.max-json-body} here too, since the JSON body limit only sees JSON types.
 */
@Component
class RequestBodies {

    private final JsonMapper json;
    private final long limit;

    RequestBodies(JsonMapper json, CharLmProperties properties) {
        this.json = json;
        this.limit = properties.web().maxJsonBody().toBytes();
    }

    <T> T read(HttpServletRequest request, Class<T> type) {
        byte[] body = bytes(request);
        if (body.length == 0) {
            throw InvalidFieldsException.of("body", "required: a JSON object");
        }
        try {
            return json.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw InvalidFieldsException.of(e.getPropertyName(), "unknown field");
        } catch (DatabindException e) {
            String field = e.getPath().isEmpty() || e.getPath().get(0).getPropertyName() == null ? "body"
                    : e.getPath().get(0).getPropertyName();
            throw InvalidFieldsException.of(field, "has the wrong type or format");
        } catch (JacksonException e) {
            throw InvalidFieldsException.of("body", "not valid JSON");
        }
    }

    private byte[] bytes(HttpServletRequest request) {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
            if (body.length > limit) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body", e);
        }
    }

    private OllamaException tooLarge() {
        return new OllamaException(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than " + limit
                + " bytes (charlm.web.max-json-body)");
    }
}
