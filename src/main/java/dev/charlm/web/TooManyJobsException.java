package dev.charlm.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** The training queue is full: 429 with a Retry-After header. */
public class TooManyJobsException extends ApiException {

    private final long retryAfterSeconds;

    public TooManyJobsException(int queued, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many training jobs",
                queued + " jobs are already waiting, the most the queue holds; retry after " + retryAfterSeconds + " s or cancel a job",
                Map.of("queued", queued));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
