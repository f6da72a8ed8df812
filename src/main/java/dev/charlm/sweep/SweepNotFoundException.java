package dev.charlm.sweep;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No sweep has this id: 404. */
public class SweepNotFoundException extends ErrorResponseException {

    public SweepNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND);
        setTitle("Sweep not found");
        setDetail("no sweep with id '" + id + "'");
    }
}
