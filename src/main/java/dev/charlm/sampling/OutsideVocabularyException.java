package dev.charlm.sampling;

import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.web.InvalidFieldsException.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A prefix or a text to score has characters the model's vocabulary lacks: 400, naming them and the field. */
public class OutsideVocabularyException extends ErrorResponseException {

    OutsideVocabularyException(String field, UnknownCharactersException e) {
        super(HttpStatus.BAD_REQUEST, e);
        setTitle("Characters outside the vocabulary");
        setDetail(field + ": " + e.getMessage());
        getBody().setProperty("characters", e.characters());
        getBody().setProperty("errors", List.of(new FieldError(field, e.getMessage())));
    }
}
