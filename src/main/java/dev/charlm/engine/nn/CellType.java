package dev.charlm.engine.nn;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The recurrent cells, with the number of gate blocks G each fuses into one (H × G·H) product. */
public enum CellType {
    /** H = tanh(X W_xh + H W_hh + b_h). */
    @JsonProperty("rnn") RNN(1),
    /** Gates [z r h~]; the reset gate multiplies (H W_hh), as the d2l seed. */
    @JsonProperty("gru") GRU(3),
    /** Gates [i f g o], g the candidate cell C~. */
    @JsonProperty("lstm") LSTM(4);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    public int gates() {
        return gates;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
