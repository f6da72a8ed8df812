package dev.charlm.engine.nn;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Weight initialisation. */
public enum InitScheme {
    /** Weights N(0, 0.01²), biases 0: the seeds' default (d2l, min-char-rnn). */
    @JsonProperty("normal") NORMAL,
    /** Every parameter U(-0.08, 0.08), then LSTM forget-gate biases 1: char-rnn's scheme. */
    @JsonProperty("uniform") UNIFORM,
    /** Glorot uniform per gate block, U(±√(6 / (fanIn + fanOut))); biases 0. */
    @JsonProperty("xavier") XAVIER;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
