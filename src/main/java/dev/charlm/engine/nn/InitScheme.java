package dev.charlm.engine.nn;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Weight initialisation. */
public enum InitScheme {
    /** Weights N(0, 0.01²), biases 0: the seeds' default (d2l, min-char-rnn). */
    @JsonProperty("normal") NORMAL,
    /** Every parameter U(-0.08, 0.08), then LSTM forget-gate biases 1: char-rnn's scheme. */
    @JsonProperty("uniform") UNIFORM,
    /** Glorot uniform per gate block, U(±√(6 / (fanIn + fanOut))); biases 0. */
    @JsonProperty("xavier") XAVIER,
    /**
     * PyTorch's defaults for nn.Embedding, nn.RNN/GRU/LSTM and nn.Linear, which d2l's concise models and the
     * PyTorch peer use: embedding N(0, 1); every recurrent weight U(±1/√H); each bias the sum of two
     * U(±1/√H) draws (PyTorch's b_ih + b_hh, which CharLM keeps as one vector); output weights and bias
     * U(±1/√H), H being the output layer's fan-in.
     */
    @JsonProperty("torch") TORCH;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
