package dev.charlm.corpus;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A corpus as the API shows it, with an optional preview of its first characters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CorpusView(
        @Schema(example = "c-7fk2m9qx3a") String id,
        @Schema(example = "my lyrics") String name,
        @Schema(description = "length in Unicode code points", example = "63282") long chars,
        @Schema(description = "distinct code points", example = "2583") long distinctChars,
        long lines,
        long bytes,
        String sha256,
        Instant createdAt,
        @Schema(description = "shipped with CharLM; cannot be deleted") boolean builtIn,
        @Schema(description = "the first characters, when ?preview=N was given") String preview) {

    static CorpusView of(Corpus c, String preview) {
        return new CorpusView(c.id(), c.name(), c.chars(), c.distinctChars(), c.lines(), c.bytes(), c.sha256(), c.createdAt(),
                c.builtIn(), preview);
    }
}
