package dev.charlm.training;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The life of a training job, and the one table of the moves between its states. */
public enum JobStatus {
    /** Waiting for a free training slot. */
    QUEUED,
    /** Training now. */
    RUNNING,
    /** Reached its epochs, maxSteps or maxSeconds. */
    COMPLETED,
    /** Stopped by an error or divergence; {@code reason} says which. */
    FAILED,
    /** Cancelled by a request. */
    CANCELLED,
    /** The service stopped while the job was queued or running; it can be resumed. */
    INTERRUPTED;

    /** Into a state: the states a job may come from, and the verb a 409 uses for a job that may not. */
    private record Move(Set<JobStatus> from, String verb) {
    }

    /** The state machine: every allowed move, by the state it leads to. */
    private static final Map<JobStatus, Move> MOVES = new EnumMap<>(Map.of(
            QUEUED, new Move(EnumSet.of(COMPLETED, FAILED, CANCELLED, INTERRUPTED), "resumed"),
            RUNNING, new Move(EnumSet.of(QUEUED), "started"),
            COMPLETED, new Move(EnumSet.of(RUNNING), "completed"),
            FAILED, new Move(EnumSet.of(RUNNING), "failed"),
            CANCELLED, new Move(EnumSet.of(QUEUED, RUNNING), "cancelled"),
            INTERRUPTED, new Move(EnumSet.of(QUEUED, RUNNING), "interrupted")));

    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    /** Whether the state machine allows a job in this state to move to {@code to}. */
    public boolean canMoveTo(JobStatus to) {
        return MOVES.get(to).from().contains(this);
    }

    /** Why a job in another state may not move here, e.g. "only QUEUED or RUNNING jobs can be cancelled". */
    String refusal() {
        List<String> from = MOVES.get(this).from().stream().map(Enum::name).toList();
        String states = from.size() == 1 ? from.get(0)
                : String.join(", ", from.subList(0, from.size() - 1)) + " or " + from.get(from.size() - 1);
        return "only " + states + " jobs can be " + MOVES.get(this).verb();
    }
}
