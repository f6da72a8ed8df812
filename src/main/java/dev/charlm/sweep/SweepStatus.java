package dev.charlm.sweep;

import dev.charlm.training.JobStatus;
import java.util.Collection;

/**
 * A sweep's state, read from its runs' states, in this order of precedence: RUNNING while any run is queued or
 * running; then FAILED if any run failed, CANCELLED if any was cancelled, INTERRUPTED if any was interrupted by a
 * restart (resume it as a model); otherwise COMPLETED. Runs whose models were deleted do not count.
 */
public enum SweepStatus {
    RUNNING, COMPLETED, CANCELLED, FAILED, INTERRUPTED;

    static SweepStatus of(Collection<JobStatus> runs) {
        if (runs.stream().anyMatch(JobStatus::active)) {
            return RUNNING;
        }
        if (runs.contains(JobStatus.FAILED)) {
            return FAILED;
        }
        if (runs.contains(JobStatus.CANCELLED)) {
            return CANCELLED;
        }
        if (runs.contains(JobStatus.INTERRUPTED)) {
            return INTERRUPTED;
        }
        return COMPLETED;
    }
}
