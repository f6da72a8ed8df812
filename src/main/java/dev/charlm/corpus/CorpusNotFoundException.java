package dev.charlm.corpus;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No corpus has this id: 404. */
public class CorpusNotFoundException extends ErrorResponseException {

    public CorpusNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND);
        setTitle("Corpus not found");
        setDetail("no corpus with id '" + id + "'");
    }
}
