package dev.charlm.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A model and its training job, as the API shows it: one flat object (the groups are unwrapped),
 * without what is not known yet.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelView(
        @Schema(example = "m-3kq7x2p9ta") String id,
        String name,
        @JsonUnwrapped State state,
        @JsonUnwrapped Recipe recipe,
        @JsonUnwrapped Times times,
        @Schema(description = "every option, resolved") TrainingRequest config,
        ProgressView progress,
        @JsonUnwrapped Weights weights,
        @Schema(description = "the sweep the model was trained for (GET /sweeps/{id}); absent outside a sweep", example = "s-7hq2m4x9ka") String sweep,
        @Schema(description = "cluster mode: the replica that trains the job, or trained it last (charlm.cluster.node-name); absent in embedded mode", example = "charlm-1:8080") String node) {

    /** Where the job is in its lifecycle, and why it got there. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record State(
            @Schema(description = "QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED or INTERRUPTED") JobStatus status,
            @Schema(description = "why the job ended, in words") String reason) {
    }

    /** What the model was trained on and how: its corpus, the preset it started from, and its cell. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipe(String corpus, String preset, String cell) {
    }

    /** When the job was created, when its latest run started, and when it ended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Times(Instant createdAt, Instant startedAt, Instant finishedAt) {
    }

    /** The vocabulary the weights read, their number, and the step they were saved at; absent before the first checkpoint. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Weights(
            Integer vocabularySize,
            Long parameters,
            @Schema(description = "step of the latest checkpoint, the one sampling uses; absent before the first") Long checkpointStep) {
    }

    static ModelView of(TrainingJob j) {
        return new ModelView(j.id(), j.name(), new State(j.status(), j.reason()), new Recipe(j.corpus(), j.spec().preset(), j.cell()),
                new Times(j.createdAt(), j.startedAt(), j.finishedAt()), j.spec(), j.progress(),
                new Weights(j.vocabularySize(), j.parameters(), j.checkpointStep()), j.sweep(), j.node());
    }
}
