package dev.charlm.training;

/**
 * This replica no longer holds the job's lease: another replica presumed it dead and took the job over, so the
 * save or checkpoint it tried was refused. The training thread stops at once and writes nothing more.
 */
class LeaseLostException extends RuntimeException {

    LeaseLostException(String modelId, long lease, String what) {
        super("model " + modelId + ": " + what + " refused, lease " + lease + " is no longer this replica's (another replica took the job over)");
    }
}
