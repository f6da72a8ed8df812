package dev.charlm.training;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * A checkpoint could not be written (typically a full disk). The previous checkpoint is intact; the
 * message is the job's reason, so it names the step and the cause in words, never a path.
 */
class CheckpointWriteException extends RuntimeException {

    CheckpointWriteException(long step, IOException cause) {
        super(reason(step, cause), cause);
    }

    private static String reason(long step, IOException e) {
        String what = " while writing the checkpoint of step " + step;
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Java has no errno; ENOSPC reaches it only as the OS's message
            if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return "no space left on device" + what + "; the previous checkpoint is intact: free some space and resume";
            }
        }
        String cause = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        return "input/output error" + what + " (" + cause + "); the previous checkpoint is intact";
    }
}
