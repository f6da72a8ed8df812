package dev.charlm.training;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No model has this id: 404. */
public class ModelNotFoundException extends ErrorResponseException {

    public ModelNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND);
        setTitle("Model not found");
        setDetail("no model with id '" + id + "'");
    }
}
