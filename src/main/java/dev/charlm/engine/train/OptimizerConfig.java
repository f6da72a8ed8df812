package dev.charlm.engine.train;

/**
 * @param type         sgd, adagrad, rmsprop or adam
 * @param learningRate step size (> 0)
 * @param momentum     sgd only: heavy-ball momentum μ in [0, 1)
 * @param beta1        adam: decay of the first moment
 * @param beta2        adam: decay of the second moment
 * @param alpha        rmsprop: decay of the squared-gradient average (char-rnn: 0.95)
 * @param epsilon      added for numerical safety (adagrad inside the square root, as min-char-rnn)
 * @param weightDecay  L2 penalty added to the gradient: g + weightDecay · w
 */
public record OptimizerConfig(OptimizerType type, double learningRate, double momentum, double beta1, double beta2,
                              double alpha, double epsilon, double weightDecay) {

    public OptimizerConfig {
        if (type == null) {
            throw new IllegalArgumentException("optimizer type is required");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0");
        }
        if (!(momentum >= 0 && momentum < 1) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)
                || !(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("momentum, beta1, beta2 and alpha must be in [0, 1)");
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("epsilon must be > 0 and weightDecay >= 0");
        }
    }

    /** The usual settings of an optimizer with its usual learning rate (0.1 for sgd and adagrad, else 2e-3). */
    public static OptimizerConfig usual(OptimizerType type) {
        return of(type, type == OptimizerType.SGD || type == OptimizerType.ADAGRAD ? 0.1 : 2e-3);
    }

    /** The usual settings of each optimizer with the given learning rate. */
    public static OptimizerConfig of(OptimizerType type, double learningRate) {
        return new OptimizerConfig(type, learningRate, 0, 0.9, 0.999, type == OptimizerType.RMSPROP ? 0.95 : 0.99, 1e-8, 0);
    }
}
