package dev.charlm.corpus;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An upload larger than {@code charlm.corpus.max-size}: 413. */
public class CorpusTooLargeException extends ErrorResponseException {

    private CorpusTooLargeException(String detail) {
        super(HttpStatus.CONTENT_TOO_LARGE);
        setTitle("Content too large");
        setDetail(detail);
    }

    /** The declared size is known before reading. */
    static CorpusTooLargeException of(long size, long maxBytes) {
        return new CorpusTooLargeException("the corpus has " + size + " bytes, more than the limit of " + maxBytes
                + " (charlm.corpus.max-size)");
    }

    /** Found while streaming: the size is not known, only that it is over. */
    static CorpusTooLargeException over(long maxBytes) {
        return new CorpusTooLargeException("the corpus is larger than the limit of " + maxBytes + " bytes (charlm.corpus.max-size)");
    }
}
