package dev.charlm.training;

import java.util.EnumSet;
import java.util.Set;

/** The life of a training job. */
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

    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    /** States a job may be resumed from. */
    static final Set<JobStatus> RESUMABLE = EnumSet.of(COMPLETED, FAILED, CANCELLED, INTERRUPTED);
}
