package dev.charlm.corpus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;

/** A corpus as the API shows it (its fields unwrapped, so one flat object), with an optional preview of its first characters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CorpusView(@JsonUnwrapped Corpus corpus,
                  @Schema(description = "the first characters, when ?preview=N was given") String preview) {

    static CorpusView of(Corpus c, String preview) {
        return new CorpusView(c, preview);
    }
}
