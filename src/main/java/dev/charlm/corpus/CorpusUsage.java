package dev.charlm.corpus;

import java.util.Optional;

/** Tells whether a corpus is being trained on, so that it is not deleted from under a job. */
public interface CorpusUsage {

    /** A description of the active job using the corpus, if any. */
    Optional<String> activeUser(String corpusId);
}
