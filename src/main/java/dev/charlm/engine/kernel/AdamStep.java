package dev.charlm.engine.kernel;

/**
 * The coefficients of one Adam update, as {@code Optimizer.Adam} computes them for the step.
 *
 * @param beta1       decay of the first moment
 * @param beta2       decay of the second moment
 * @param epsilon     added to the denominator
 * @param weightDecay L2 term added to the gradient (0 = none)
 * @param stepSize    lr / (1 - β1^t), the bias-corrected step
 * @param c2          √(1 - β2^t), the second moment's bias correction
 */
public record AdamStep(double beta1, double beta2, double epsilon, double weightDecay, double stepSize, double c2) {
}
