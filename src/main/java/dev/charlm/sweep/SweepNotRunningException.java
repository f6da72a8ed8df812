package dev.charlm.sweep;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A cancel of a sweep none of whose runs is queued or running: 409, as for a model. */
class SweepNotRunningException extends ErrorResponseException {

    SweepNotRunningException(String id, SweepStatus status) {
        super(HttpStatus.CONFLICT);
        setTitle("Sweep not running");
        setDetail("sweep " + id + " is " + status + "; only a RUNNING sweep (one with a queued or running run) can be cancelled");
        getBody().setProperty("status", status.name());
    }
}
