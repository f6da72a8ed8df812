package dev.charlm.engine.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Floating-point width of every tensor of a model. Both map onto ojalgo stores (R032Store, R064Store). */
public enum Precision {
    /** Training default: half the memory traffic, twice the SIMD lanes. */
    @JsonProperty("float32") FLOAT32(4),
    /** Used by the reference fixtures and gradient checks. */
    @JsonProperty("float64") FLOAT64(8);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
