package dev.charlm.training;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Cluster mode: the save or checkpoint was refused because the job's lease has moved on. On a training thread, another
 * replica took the job over while this one was presumed dead: the run stops at once and writes nothing more. In a
 * request (a resume or cancel racing a replica that just claimed the job), a 409: this replica's copy was a moment
 * old, and the request can be sent again.
 */
class LeaseLostException extends ErrorResponseException {

    LeaseLostException(String modelId, long lease, String what) {
        super(HttpStatus.CONFLICT);
        setTitle("Conflict");
        setDetail("model " + modelId + ": " + what + " refused, lease " + lease
                + " is no longer this replica's (another replica has the job now); try again");
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
