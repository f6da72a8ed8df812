package dev.charlm.engine.train;

/**
 * What a training run reports, on the training thread, between steps (so a listener may read the
 * checkpoint it is handed, but must copy what it keeps).
 */
public interface TrainingListener {

    /** After every step. */
    default void onProgress(Progress p) {
    }

    /** After the last window of an epoch. */
    default void onEpoch(EpochEnd e) {
    }

    /** After every evaluation: the moment to save {@code checkpoint} (valid during the call only). */
    default void onEvaluation(Evaluation e, Checkpoint checkpoint) {
    }

    /** A periodic sample from the weights being trained. */
    default void onSample(PeriodicSample s) {
    }

    /**
     * @param step       windows trained so far
     * @param epoch      fractional epochs trained so far
     * @param train      this step's training loss and its moving average
     * @param validation the validation losses so far
     * @param figures    the step's gradient, learning rate and characters
     * @param pace       speed, time and how much of the run is done
     */
    record Progress(long step, double epoch, TrainLoss train, ValidationLosses validation, StepFigures figures, Pace pace) {

        /** The step's loss, as {@code train().loss()}. */
        public double loss() {
            return train.loss();
        }

        /** The smoothed loss, as {@code train().smoothedLoss()}. */
        public double smoothedLoss() {
            return train.smoothedLoss();
        }
    }

    /**
     * @param loss               mean cross-entropy of this step's window, nats per character
     * @param smoothedLoss       exponential moving average of the loss (β = 0.98, bias-corrected)
     * @param perplexity         exp(loss)
     * @param smoothedPerplexity exp(smoothedLoss)
     */
    record TrainLoss(double loss, double smoothedLoss, double perplexity, double smoothedPerplexity) {

        public double bitsPerChar() {
            return loss / Math.log(2);
        }
    }

    /**
     * @param latest latest validation loss, or null before the first or without validation
     * @param best   lowest validation loss so far, or null
     */
    record ValidationLosses(Double latest, Double best) {

        public Double latestPerplexity() {
            return latest == null ? null : Math.exp(latest);
        }
    }

    /**
     * @param gradientNorm global L2 norm of the gradient before clipping
     * @param learningRate the rate this step used
     * @param predictions  characters predicted in this step
     */
    record StepFigures(double gradientNorm, double learningRate, long predictions) {
    }

    /**
     * @param charsPerSecond predicted characters per second of training time (evaluation excluded)
     * @param elapsedSeconds training time so far, this run and the runs it resumed
     * @param progress       fraction of the run done, by whichever limit (epochs, steps, seconds) is nearest
     * @param etaSeconds     estimated seconds left, or null when not yet known
     */
    record Pace(double charsPerSecond, double elapsedSeconds, double progress, Double etaSeconds) {
    }

    /**
     * @param epoch    epochs completed (1 after the first)
     * @param meanLoss mean training loss over the epoch's windows, nats per character (d2l's "perplexity" is its exp)
     * @param seconds  training time of this epoch
     */
    record EpochEnd(int epoch, long step, double meanLoss, double perplexity, double seconds, double elapsedSeconds) {
    }

    /**
     * @param validationLoss null without validation data
     * @param improved       this evaluation set a new best (its weights are the model's now)
     */
    record Evaluation(long step, double epoch, Double validationLoss, Double validationPerplexity,
                      Double bestValidationLoss, boolean improved, double elapsedSeconds) {
    }

    record PeriodicSample(long step, double epoch, String prefix, String text) {
    }
}
