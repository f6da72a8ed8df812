package dev.charlm.engine.train;

/**
 * When a run stops: the first limit reached ends it. Counted over the run and every run it resumed.
 *
 * @param epochs     stop after this many epochs
 * @param maxSteps   stop after this many windows (0 = no limit)
 * @param maxSeconds stop after this much training time (0 = no limit)
 */
public record Limits(int epochs, long maxSteps, double maxSeconds) {

    public Limits withEpochs(int e) {
        return new Limits(e, maxSteps, maxSeconds);
    }

    public Limits withMaxSteps(long s) {
        return new Limits(epochs, s, maxSeconds);
    }

    public Limits withMaxSeconds(double s) {
        return new Limits(epochs, maxSteps, s);
    }
}
