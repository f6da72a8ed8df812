package dev.charlm.training;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The training queue holds {@code charlm.jobs.queue-limit} jobs already: 429 with a Retry-After header. */
public class QueueFullException extends ErrorResponseException {

    public QueueFullException(int queued, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS);
        setTitle("Too many training jobs");
        setDetail(queued + " jobs are already waiting, the most the queue holds; retry after " + retryAfter.toSeconds()
                + " s or cancel a job");
        getBody().setProperty("queued", queued);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
    }

    /** A batch of {@code runs} jobs (a sweep) that the free training slots and queue places ({@code free}) cannot hold. */
    public QueueFullException(int queued, int runs, int free, Duration retryAfter) {
        this(queued, retryAfter);
        setDetail("the sweep has " + runs + " runs but only " + Math.max(0, free) + " can be queued now (" + queued
                + " jobs are waiting; charlm.jobs.queue-limit and free charlm.jobs.concurrency slots bound it); retry after "
                + retryAfter.toSeconds() + " s, cancel jobs, or sweep a smaller grid");
        getBody().setProperty("runs", runs);
        getBody().setProperty("free", Math.max(0, free));
    }
}
