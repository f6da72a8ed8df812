package dev.charlm.corpus;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A stored training text, as {@code corpus.json} holds it and the API shows it. The contents are
 * unwrapped, so the JSON is one flat object, as it always was.
 *
 * @param id        identifier (built-in corpora use their name)
 * @param name      display name
 * @param contents  what the upload's scan counted
 * @param createdAt when it was stored
 * @param builtIn   shipped with CharLM; cannot be deleted
 */
public record Corpus(@Schema(example = "c-7fk2m9qx3a") String id, @Schema(example = "my lyrics") String name,
                     @JsonUnwrapped Contents contents, Instant createdAt,
                     @Schema(description = "shipped with CharLM; cannot be deleted") boolean builtIn) {

    /**
     * What {@link TextScan} counted while it stored the file.
     *
     * @param chars         length in Unicode code points
     * @param distinctChars distinct code points
     * @param lines         lines (a last line without a line break counts)
     * @param bytes         size of the UTF-8 file
     * @param sha256        SHA-256 of the file, hex
     */
    public record Contents(@Schema(description = "length in Unicode code points", example = "63282") long chars,
                           @Schema(description = "distinct code points", example = "2583") long distinctChars,
                           long lines, long bytes, String sha256) {
    }
}
