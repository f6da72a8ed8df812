package dev.charlm.corpus;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A queued or running job trains on the corpus to delete: 409. */
public class CorpusInUseException extends ErrorResponseException {

    CorpusInUseException(String id, String user) {
        super(HttpStatus.CONFLICT);
        setTitle("Conflict");
        setDetail("corpus '" + id + "' is in use by " + user + "; cancel it first");
    }
}
