package dev.charlm.engine.train;

/**
 * The learning-rate schedule: char-rnn's step decay.
 *
 * @param factor     multiply the learning rate by this after each epoch from {@code afterEpoch} on (1 = none)
 * @param afterEpoch first epoch (counted from 1) after which the decay applies (char-rnn: 10)
 */
public record LrDecay(double factor, int afterEpoch) {

    public static final LrDecay NONE = new LrDecay(1, 0);
}
