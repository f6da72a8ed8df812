package dev.charlm.sampling;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Every streaming slot (threads and queue) is taken: 429 with Retry-After, as for the job event
 * streams, so a client backs off and retries rather than treating the service as down.
 */
public class TooManyStreamsException extends ErrorResponseException {

    static final long RETRY_AFTER_SECONDS = 2;

    TooManyStreamsException(int slots) {
        super(HttpStatus.TOO_MANY_REQUESTS);
        setTitle("Too many streams");
        setDetail("all " + slots + " streaming slots are busy; retry after " + RETRY_AFTER_SECONDS + " s or ask for JSON");
        getBody().setProperty("maxStreams", slots);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
    }
}
