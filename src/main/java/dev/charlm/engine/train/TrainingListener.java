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
     * @param step            windows trained so far
     * @param epoch           fractional epochs trained so far
     * @param loss            mean cross-entropy of this step's window, nats per character
     * @param smoothedLoss    exponential moving average of the loss (β = 0.98, bias-corrected)
     * @param perplexity      exp(loss)
     * @param smoothedPerplexity exp(smoothedLoss)
     * @param validationLoss  latest validation loss, or null before the first or without validation
     * @param bestValidationLoss lowest validation loss so far, or null
     * @param charsPerSecond  predicted characters per second of training time (evaluation excluded)
     * @param gradientNorm    global L2 norm of the gradient before clipping
     * @param learningRate    the rate this step used
     * @param elapsedSeconds  training time so far, this run and the runs it resumed
     * @param predictions     characters predicted in this step
     * @param progress        fraction of the run done, by whichever limit (epochs, steps, seconds) is nearest
     * @param etaSeconds      estimated seconds left, or null when not yet known
     */
    record Progress(long step, double epoch, double loss, double smoothedLoss, double perplexity, double smoothedPerplexity,
                    Double validationLoss, Double bestValidationLoss, double charsPerSecond, double gradientNorm,
                    double learningRate, double elapsedSeconds, long predictions, double progress, Double etaSeconds) {

        public double bitsPerChar() {
            return loss / Math.log(2);
        }

        public Double validationPerplexity() {
            return validationLoss == null ? null : Math.exp(validationLoss);
        }
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
