package dev.charlm.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A model and its training job, as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelView(
        @Schema(example = "m-3kq7x2p9ta") String id,
        String name,
        @Schema(description = "QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED or INTERRUPTED") JobStatus status,
        @Schema(description = "why the job ended, in words") String reason,
        String corpus,
        String preset,
        String cell,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "every option, resolved") TrainingRequest config,
        ProgressView progress,
        Integer vocabularySize,
        Long parameters,
        @Schema(description = "step of the latest checkpoint, the one sampling uses; absent before the first") Long checkpointStep) {

    static ModelView of(TrainingJob j) {
        return new ModelView(j.id(), j.name(), j.status(), j.reason(), j.corpus(), j.spec().preset(), j.cell(), j.createdAt(),
                j.startedAt(), j.finishedAt(), j.spec(), j.progress(), j.vocabularySize(), j.parameters(), j.checkpointStep());
    }
}
