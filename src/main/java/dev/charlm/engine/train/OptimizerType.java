package dev.charlm.engine.train;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum OptimizerType {
    @JsonProperty("sgd") SGD,
    @JsonProperty("adagrad") ADAGRAD,
    @JsonProperty("rmsprop") RMSPROP,
    @JsonProperty("adam") ADAM;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
