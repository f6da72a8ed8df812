package dev.charlm.engine.train;

/**
 * A run's {@link Limits} against its {@link TrainingState}: which limit stops it, how much of it is
 * done and how long the rest should take. Steps and seconds count over the run and every run it
 * resumed; maxSeconds against wall time (validation, checkpoints and samples included), maxTrainSeconds
 * against training time alone.
 */
record Budget(Limits limits) {

    /** Why the run must stop now, or null while every limit leaves room. */
    String reached(TrainingState s) {
        return reached(s, 0);
    }

    /**
     * Why the run must stop now, or null while every limit leaves room.
     *
     * @param closingSeconds the wall time the last validation and checkpoint will still take (as long as the
     *                       previous ones took), so that a wall-time limit is met with them included
     */
    String reached(TrainingState s, double closingSeconds) {
        if (s.epoch() >= limits.epochs()) {
            return "completed " + limits.epochs() + " epochs";
        }
        if (limits.maxSteps() > 0 && s.step() >= limits.maxSteps()) {
            return "reached maxSteps " + limits.maxSteps();
        }
        if (limits.maxSeconds() > 0 && s.totals().elapsedSeconds() + closingSeconds >= limits.maxSeconds()) {
            return "reached maxSeconds " + limits.maxSeconds() + " (wall time)";
        }
        if (limits.maxTrainSeconds() > 0 && s.totals().trainSeconds() >= limits.maxTrainSeconds()) {
            return "reached maxTrainSeconds " + limits.maxTrainSeconds() + " (training time)";
        }
        return null;
    }

    /**
     * The fraction of the run done, in [0, 1], by whichever limit is nearest.
     *
     * @param windows windows in the current epoch
     */
    double done(TrainingState s, int windows) {
        double p = (s.epoch() + s.window() / (double) windows) / limits.epochs();
        if (limits.maxSteps() > 0) {
            p = Math.max(p, (double) s.step() / limits.maxSteps());
        }
        if (limits.maxSeconds() > 0) {
            p = Math.max(p, s.totals().elapsedSeconds() / limits.maxSeconds());
        }
        if (limits.maxTrainSeconds() > 0) {
            p = Math.max(p, s.totals().trainSeconds() / limits.maxTrainSeconds());
        }
        return Math.min(1, p);
    }

    /** Wall seconds left at the pace so far, once {@code done} (from {@link #done}) is above 0; else null. */
    static Double etaSeconds(TrainingState s, double done) {
        return done > 0 ? s.totals().elapsedSeconds() * (1 - done) / done : null;
    }
}
