package dev.charlm.engine.io;

/** A model file that cannot be loaded; the message says what is wrong with it. */
public final class InvalidModelFileException extends IllegalArgumentException {

    public InvalidModelFileException(String message) {
        super(message);
    }
}
