package dev.charlm.sampling;

import io.swagger.v3.oas.annotations.media.Schema;

/** How well a model predicts a text, the state carried through it. */
record ScoreResponse(
        @Schema(description = "characters predicted") long chars,
        @Schema(description = "mean negative log-likelihood, nats per character") double nll,
        double bitsPerChar,
        double perplexity) {
}
