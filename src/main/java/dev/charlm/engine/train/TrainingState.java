package dev.charlm.engine.train;

/**
 * The counters of a run, saved in every checkpoint so that a resumed run continues exactly.
 *
 * @param step               windows trained
 * @param epoch              epochs completed
 * @param window             windows of the current epoch already trained
 * @param trainSeconds       training time so far (evaluation and sampling excluded)
 * @param elapsedSeconds     wall time so far
 * @param trainedChars       predicted characters so far
 * @param firstLoss          loss of step 1 (divergence is a smoothed loss above 3× it)
 * @param smoothedLoss       raw exponential moving average (β = 0.98) of the loss
 * @param epochNats          summed loss of the current epoch so far
 * @param epochChars         predicted characters of the current epoch so far
 * @param epochSeconds       training time of the current epoch so far
 * @param bestValidationLoss lowest validation loss, NaN before any
 * @param bestStep           step of the best validation loss
 * @param lastValidationLoss latest validation loss, NaN before any
 */
public record TrainingState(long step, int epoch, int window, double trainSeconds, double elapsedSeconds, long trainedChars,
                            double firstLoss, double smoothedLoss, double epochNats, long epochChars, double epochSeconds,
                            double bestValidationLoss, long bestStep, double lastValidationLoss) {

    public static final double SMOOTHING = 0.98;

    public static TrainingState start() {
        return new TrainingState(0, 0, 0, 0, 0, 0, Double.NaN, 0, 0, 0, 0, Double.NaN, 0, Double.NaN);
    }

    /** The bias-corrected moving average. */
    public double smoothedLossCorrected() {
        return step == 0 ? Double.NaN : smoothedLoss / (1 - Math.pow(SMOOTHING, step));
    }

    /** The raw moving average once the next step's {@code loss} is added to it. */
    public double smoothedLossWith(double loss) {
        return SMOOTHING * smoothedLoss + (1 - SMOOTHING) * loss;
    }

    /** The bias-corrected moving average once the next step's {@code loss} is added to it. */
    public double smoothedLossCorrectedWith(double loss) {
        return smoothedLossWith(loss) / (1 - Math.pow(SMOOTHING, step + 1));
    }
}
