package dev.charlm.training;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** {@code charlm.jobs.max-event-streams} event streams are open already: 429 with a Retry-After header. */
class TooManyEventStreamsException extends ErrorResponseException {

    static final long RETRY_AFTER_SECONDS = 5;

    TooManyEventStreamsException(int max) {
        super(HttpStatus.TOO_MANY_REQUESTS);
        setTitle("Too many event streams");
        setDetail("all " + max + " event streams are open; retry after " + RETRY_AFTER_SECONDS
                + " s, close another stream, or poll GET /models/{id}");
        getBody().setProperty("maxStreams", max);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
    }
}
