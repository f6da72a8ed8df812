package dev.charlm.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * What {@code job.json} holds for one model: enough to list it, show it, resume it and serve it after
 * a restart. The training state itself is in the model file. The groups are unwrapped, so the file is
 * one flat object, as release 0.1 wrote it, and an unknown is written as null; {@link ModelView} has
 * groups of its own because the API leaves unknowns out (Jackson applies inclusion per class, not
 * per use of one). {@code sweep}, the id of the sweep the model was trained for, and {@code node}, the cluster
 * replica that trains the job or trained it last, are the members left out when null, so the record of a model
 * outside a sweep and a cluster is the file it always was.
 */
record JobRecord(String id, String name, String corpus, @JsonUnwrapped State state, @JsonUnwrapped Times times,
                 TrainingRequest spec, ProgressView progress, @JsonUnwrapped Weights weights,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String sweep,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String node) {

    /** A model outside any sweep and cluster. */
    JobRecord(String id, String name, String corpus, State state, Times times, TrainingRequest spec, ProgressView progress,
              Weights weights) {
        this(id, name, corpus, state, times, spec, progress, weights, null, null);
    }

    /** Where the job is in its lifecycle, and why it got there. */
    record State(JobStatus status, String reason) {
    }

    /** When the job was created, when its latest run started, and when it ended. */
    record Times(Instant createdAt, Instant startedAt, Instant finishedAt) {
    }

    /** The vocabulary the weights read, their number, and the step of the latest checkpoint; null before the first. */
    record Weights(Integer vocabularySize, Long parameters, Long checkpointStep) {
    }

    /** The same record at another checkpoint step. */
    JobRecord withCheckpointStep(ProgressView progress, long step) {
        return new JobRecord(id, name, corpus, state, times, spec, progress,
                new Weights(weights.vocabularySize(), weights.parameters(), step), sweep, node);
    }
}
