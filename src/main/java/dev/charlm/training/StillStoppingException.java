package dev.charlm.training;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A job to delete did not stop within {@code charlm.jobs.stop-timeout}: 409, the client may try again. */
public class StillStoppingException extends ErrorResponseException {

    StillStoppingException(String id, Duration waited) {
        super(HttpStatus.CONFLICT);
        setTitle("Conflict");
        setDetail("model " + id + " did not stop within " + waited.toSeconds() + " s; try again");
    }
}
