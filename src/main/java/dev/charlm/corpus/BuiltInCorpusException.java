package dev.charlm.corpus;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Built-in corpora cannot be deleted: 409. */
public class BuiltInCorpusException extends ErrorResponseException {

    BuiltInCorpusException(String id) {
        super(HttpStatus.CONFLICT);
        setTitle("Conflict");
        setDetail("'" + id + "' is a built-in corpus and cannot be deleted");
    }
}
