package dev.charlm.corpus;

import java.time.Instant;

/**
 * A stored training text.
 *
 * @param id            identifier (built-in corpora use their name)
 * @param name          display name
 * @param chars         length in Unicode code points
 * @param distinctChars distinct code points
 * @param lines         lines (a last line without a line break counts)
 * @param bytes         size of the UTF-8 file
 * @param sha256        SHA-256 of the file, hex
 * @param createdAt     when it was stored
 * @param builtIn       shipped with CharLM; cannot be deleted
 */
public record Corpus(String id, String name, long chars, long distinctChars, long lines, long bytes, String sha256,
                     Instant createdAt, boolean builtIn) {
}
