package dev.charlm.corpus;

import java.util.List;
import java.util.Optional;

/**
 * The system of record for corpora: each one's {@link Corpus} (its name and what its scan counted). The texts
 * themselves are {@link CorpusTexts}'. The embedded implementation is {@link FileCorpusRepository}
 * ({@code corpus.json}); a cluster one keeps the same records in a database.
 */
interface CorpusRepository {

    /** Stores the corpus, which makes it visible: its text is committed first. */
    void save(Corpus corpus);

    /** The corpus; empty for an unknown id, and for any id that is not one a corpus can have. */
    Optional<Corpus> find(String id);

    /** Every corpus, newest first (then by id). */
    List<Corpus> list();

    /** Removes the corpus; nothing happens for an unknown id. */
    void delete(String id) throws java.io.IOException;
}
