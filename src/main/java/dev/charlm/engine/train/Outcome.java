package dev.charlm.engine.train;

/**
 * How a run ended.
 *
 * @param status  COMPLETED (a limit was reached), CANCELLED or FAILED
 * @param reason  which limit, or why it failed, in words
 */
public record Outcome(Status status, String reason, TrainingState state) {

    public enum Status {
        COMPLETED, CANCELLED, FAILED
    }
}
