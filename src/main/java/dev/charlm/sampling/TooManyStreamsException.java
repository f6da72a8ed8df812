package dev.charlm.sampling;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Every streaming slot (threads and queue) is taken: 503. */
public class TooManyStreamsException extends ErrorResponseException {

    TooManyStreamsException(int slots) {
        super(HttpStatus.SERVICE_UNAVAILABLE);
        setTitle("Too many streams");
        setDetail("all " + slots + " streaming slots are busy; retry shortly or ask for JSON");
    }
}
