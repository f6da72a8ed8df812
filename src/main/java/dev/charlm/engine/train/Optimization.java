package dev.charlm.engine.train;

/**
 * How a step turns the loss into an update.
 *
 * @param optimizer     optimizer and its settings
 * @param lrDecay       learning-rate schedule over epochs
 * @param clip          gradient clipping
 * @param lossReduction mean over the predicted characters, or sum over time steps (min-char-rnn, dinosaurs)
 */
public record Optimization(OptimizerConfig optimizer, LrDecay lrDecay, Clip clip, LossReduction lossReduction) {

    public Optimization withOptimizer(OptimizerConfig o) {
        return new Optimization(o, lrDecay, clip, lossReduction);
    }

    public Optimization withLrDecay(LrDecay d) {
        return new Optimization(optimizer, d, clip, lossReduction);
    }

    public Optimization withClip(Clip c) {
        return new Optimization(optimizer, lrDecay, c, lossReduction);
    }

    public Optimization withLossReduction(LossReduction r) {
        return new Optimization(optimizer, lrDecay, clip, r);
    }
}
