package dev.charlm.engine.train;

/**
 * When a run stops: the first limit reached ends it. Counted over the run and every run it resumed.
 *
 * @param epochs          stop after this many epochs
 * @param maxSteps        stop after this many windows (0 = no limit)
 * @param maxSeconds      stop after this much wall time, validation, checkpoints and samples included: how a
 *                        user reads a time limit (0 = no limit)
 * @param maxTrainSeconds stop after this much training time alone, validation and the rest excluded: what a
 *                        benchmark that compares training speed times (0 = no limit)
 */
public record Limits(int epochs, long maxSteps, double maxSeconds, double maxTrainSeconds) {

    /** Limits without a training-time limit. */
    public Limits(int epochs, long maxSteps, double maxSeconds) {
        this(epochs, maxSteps, maxSeconds, 0);
    }

    public Limits withEpochs(int e) {
        return new Limits(e, maxSteps, maxSeconds, maxTrainSeconds);
    }

    public Limits withMaxSteps(long s) {
        return new Limits(epochs, s, maxSeconds, maxTrainSeconds);
    }

    public Limits withMaxSeconds(double s) {
        return new Limits(epochs, maxSteps, s, maxTrainSeconds);
    }

    public Limits withMaxTrainSeconds(double s) {
        return new Limits(epochs, maxSteps, maxSeconds, s);
    }
}
