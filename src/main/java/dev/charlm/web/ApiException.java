package dev.charlm.web;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The base of {@link InvalidFieldsException}: a problem with a status, a title, a detail and extra members,
 * rendered by Spring as problem+json. The domain's own failures extend {@link ErrorResponseException} in
 * their feature packages instead.
 */
public class ApiException extends ErrorResponseException {

    public ApiException(HttpStatus status, String title, String detail, Map<String, Object> properties) {
        super(status);
        setTitle(title);
        setDetail(detail);
        if (properties != null) {
            properties.forEach(getBody()::setProperty);
        }
    }

    /** The detail, as the message (logs, and a job's reason when it fails on one). */
    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
