package dev.charlm.engine.train;

/**
 * The counters of a run, saved in every checkpoint so that a resumed run continues exactly.
 *
 * @param step        windows trained
 * @param epoch       epochs completed
 * @param window      windows of the current epoch already trained
 * @param totals      the run's time and characters so far
 * @param loss        the training loss tracked for the smoothed figure and divergence
 * @param epochSums   sums over the current epoch so far
 * @param validations the validation losses so far
 */
public record TrainingState(long step, int epoch, int window, Totals totals, Loss loss, EpochSums epochSums,
                            Validations validations) {

    public static final double SMOOTHING = 0.98;

    /**
     * @param trainSeconds   training time so far (evaluation and sampling excluded)
     * @param elapsedSeconds wall time so far
     * @param trainedChars   predicted characters so far
     */
    public record Totals(double trainSeconds, double elapsedSeconds, long trainedChars) {
    }

    /**
     * @param first    loss of step 1 (divergence is a smoothed loss above 3× it)
     * @param smoothed raw exponential moving average (β = {@link #SMOOTHING}) of the loss
     */
    public record Loss(double first, double smoothed) {
    }

    /**
     * @param nats    summed loss of the current epoch so far
     * @param chars   predicted characters of the current epoch so far
     * @param seconds training time of the current epoch so far
     */
    public record EpochSums(double nats, long chars, double seconds) {

        static final EpochSums NONE = new EpochSums(0, 0, 0);
    }

    /**
     * @param best     lowest validation loss, NaN before any
     * @param bestStep step of the best validation loss
     * @param last     latest validation loss, NaN before any
     */
    public record Validations(double best, long bestStep, double last) {
    }

    public static TrainingState start() {
        return new TrainingState(0, 0, 0, new Totals(0, 0, 0), new Loss(Double.NaN, 0), EpochSums.NONE,
                new Validations(Double.NaN, 0, Double.NaN));
    }

    /** The lowest validation loss, NaN before any (the same as {@code validations().best()}). */
    public double bestValidationLoss() {
        return validations.best();
    }

    /** The state at the start of the next epoch: the epoch's sums cleared. */
    TrainingState nextEpoch() {
        return new TrainingState(step, epoch + 1, 0, totals, loss, EpochSums.NONE, validations);
    }

    TrainingState withElapsed(double elapsedSeconds) {
        return new TrainingState(step, epoch, window, new Totals(totals.trainSeconds(), elapsedSeconds, totals.trainedChars()),
                loss, epochSums, validations);
    }

    TrainingState withValidations(Validations v) {
        return new TrainingState(step, epoch, window, totals, loss, epochSums, v);
    }

    /** The bias-corrected moving average. */
    public double smoothedLossCorrected() {
        return step == 0 ? Double.NaN : loss.smoothed() / (1 - Math.pow(SMOOTHING, step));
    }

    /** The raw moving average once the next step's {@code loss} is added to it. */
    public double smoothedLossWith(double next) {
        return SMOOTHING * loss.smoothed() + (1 - SMOOTHING) * next;
    }

    /** The bias-corrected moving average once the next step's {@code loss} is added to it. */
    public double smoothedLossCorrectedWith(double next) {
        return smoothedLossWith(next) / (1 - Math.pow(SMOOTHING, step + 1));
    }
}
