package dev.charlm.engine.sample;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why generation ended. */
public enum FinishReason {
    /** {@code length} characters were generated. */
    @JsonProperty("length") LENGTH,
    /** The text reached a stop string. */
    @JsonProperty("stop") STOP,
    /** Line mode: the model produced the end-of-line token. */
    @JsonProperty("end-of-line") END_OF_LINE,
    /** The consumer of a stream stopped listening. */
    @JsonProperty("cancelled") CANCELLED;

    /** The wire name (as in JSON). */
    public String wireName() {
        return this == END_OF_LINE ? "end-of-line" : name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
