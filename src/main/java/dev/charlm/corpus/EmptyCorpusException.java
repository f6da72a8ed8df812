package dev.charlm.corpus;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An upload without a single character: 400. */
public class EmptyCorpusException extends ErrorResponseException {

    EmptyCorpusException() {
        super(HttpStatus.BAD_REQUEST);
        setTitle("Bad request");
        setDetail("the corpus is empty: upload at least one character of UTF-8 text");
    }
}
