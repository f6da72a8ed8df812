package dev.charlm.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The corpora's UTF-8 texts, as blobs. An upload is staged while {@link TextScan} checks and counts it, then
 * committed under its corpus id, or discarded: nothing half-written is ever a corpus's text. The embedded
 * implementation is {@link FileCorpusTexts} ({@code corpus.txt}); a cluster one keeps them in an object store.
 */
interface CorpusTexts {

    /** A staged upload: the store's name for it, and what the scan counted. */
    record Staged(String handle, TextScan scan) {
    }

    /** Copies the text to a new staged blob, checking it as it goes; the caller commits or discards it. */
    Staged stage(InputStream in, long maxBytes) throws IOException;

    /** Makes the staged blob the text of corpus {@code id}. */
    void commit(Staged staged, String id) throws IOException;

    /** Forgets a staged blob; best effort (what is left is removed at the next start). */
    void discard(Staged staged);

    /** The text of corpus {@code id}, from its first byte; empty when there is none. The caller closes it. */
    Optional<InputStream> open(String id) throws IOException;

    /** Removes the text of corpus {@code id}; nothing happens when there is none. */
    void delete(String id) throws IOException;
}
