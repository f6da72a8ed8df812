package dev.charlm.training;

import java.time.Instant;

/**
 * What {@code job.json} holds for one model: enough to list it, show it, resume it and serve it after
 * a restart. The training state itself is in the model file.
 */
record JobRecord(String id, String name, String corpus, JobStatus status, String reason, Instant createdAt, Instant startedAt,
                 Instant finishedAt, TrainingRequest spec, ProgressView progress, Integer vocabularySize, Long parameters,
                 Long checkpointStep) {
}
