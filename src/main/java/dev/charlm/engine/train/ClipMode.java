package dev.charlm.engine.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Gradient clipping before the optimizer step. */
public enum ClipMode {
    @JsonProperty("none") NONE,
    /** Every gradient element clamped to [-threshold, threshold] (min-char-rnn, the dinosaur seed, char-rnn). */
    @JsonProperty("value") VALUE,
    /** All gradients scaled by threshold / ‖g‖ when the global L2 norm ‖g‖ exceeds threshold (d2l). */
    @JsonProperty("norm") NORM;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
