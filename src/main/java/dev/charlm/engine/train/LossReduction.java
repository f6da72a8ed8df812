package dev.charlm.engine.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the gradient is the gradient of. Reported losses are always the mean per character. */
public enum LossReduction {
    /** Mean cross-entropy over every predicted character of the window (d2l, char-rnn, PyTorch). */
    @JsonProperty("mean") MEAN,
    /**
     * Cross-entropy summed over the time steps of each sequence, averaged over the sequences: the loss
     * min-char-rnn and the dinosaur seed differentiate (their gradients are T times larger).
     */
    @JsonProperty("sum") SUM;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
