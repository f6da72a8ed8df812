package dev.charlm.export;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An upload that is not a safetensors file CharLM can load; the detail says what is wrong with it: 400. */
public class InvalidSafetensorsException extends ErrorResponseException {

    InvalidSafetensorsException(String detail) {
        super(HttpStatus.BAD_REQUEST);
        setTitle("Invalid safetensors file");
        setDetail(detail);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
