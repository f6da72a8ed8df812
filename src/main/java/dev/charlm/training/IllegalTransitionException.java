package dev.charlm.training;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The job state machine refuses a move from the job's state: 409, in the words of {@link JobStatus}'s table. */
public class IllegalTransitionException extends ErrorResponseException {

    private final JobStatus from;
    private final JobStatus to;

    IllegalTransitionException(String id, JobStatus from, JobStatus to) {
        super(HttpStatus.CONFLICT);
        this.from = from;
        this.to = to;
        setTitle("Conflict");
        setDetail("model " + id + " is " + from + "; " + to.refusal());
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
