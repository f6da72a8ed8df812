package dev.charlm.training;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A resume the job's state allows but its checkpoint or corpus does not: 409. */
public class ResumeRefusedException extends ErrorResponseException {

    private ResumeRefusedException(String detail) {
        super(HttpStatus.CONFLICT);
        setTitle("Conflict");
        setDetail(detail);
    }

    /** The checkpoint has reached the limits the resume asks for. */
    static ResumeRefusedException limitsReached(String id, String done) {
        return new ResumeRefusedException("model " + id + " has already trained " + done
                + "; resume with higher epochs, maxSteps or maxSeconds");
    }

    /** An imported model was trained elsewhere: there is no corpus here to go on with. */
    static ResumeRefusedException imported(String id) {
        return new ResumeRefusedException("model " + id + " was imported, so it has no corpus and no optimizer state to resume"
                + " training from; train a new model instead");
    }

    /** The corpus the model was trained on has been deleted. */
    static ResumeRefusedException corpusGone(String id, String corpus) {
        return new ResumeRefusedException("model " + id + " was trained on corpus '" + corpus + "', which no longer exists");
    }
}
