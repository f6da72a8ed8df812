package dev.charlm.training;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A model that has not written its first checkpoint yet has no file to download or sample from: 409. */
public class NoCheckpointException extends ErrorResponseException {

    /** @param when what the client should wait for, after "model {id} has no checkpoint yet" */
    public NoCheckpointException(String id, String when) {
        super(HttpStatus.CONFLICT);
        setTitle("Conflict");
        setDetail("model " + id + " has no checkpoint yet" + when);
    }
}
