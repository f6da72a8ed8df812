package dev.charlm.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charlm.training.ProgressView;
import dev.charlm.training.TrainingJob;
import dev.charlm.training.TrainingRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** A sweep as the API shows it: its request, its state, and its runs ranked by best validation perplexity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepView(
        @Schema(example = "s-7hq2m4x9ka") String id,
        String name,
        String corpus,
        @Schema(description = "RUNNING while any run is queued or running; then FAILED, CANCELLED, INTERRUPTED (the first that any run is) or COMPLETED")
        SweepStatus status,
        TrainingRequest base,
        LinkedHashMap<String, List<JsonNode>> grid,
        Instant createdAt,
        @Schema(description = "best validation perplexity first; runs without one last, in the grid's order") List<Run> runs) {

    /** One run: its model, its combination, and the model's live figures. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(
            @Schema(example = "m-3kq7x2p9ta") String modelId,
            String name,
            @Schema(description = "the combination: option path to value") Map<String, JsonNode> values,
            @Schema(description = "the model's status; DELETED when the model was deleted on its own") String status,
            Double bestValidationPerplexity,
            @Schema(description = "best validation loss in bits per character (loss / ln 2)") Double bitsPerChar,
            @Schema(description = "the latest training throughput") Double charsPerSecond,
            @Schema(description = "true on the run with the lowest best validation perplexity") Boolean best) {
    }

    private static final double LN2 = Math.log(2);

    /** The sweep with its runs' state as {@code models} has it now, ranked. */
    static SweepView of(SweepRecord r, Function<String, Optional<TrainingJob>> models) {
        List<Run> runs = new ArrayList<>();
        List<dev.charlm.training.JobStatus> states = new ArrayList<>();
        for (SweepRecord.Run run : r.runs()) {
            Optional<TrainingJob> job = models.apply(run.modelId());
            if (job.isEmpty()) {
                runs.add(new Run(run.modelId(), null, run.values(), "DELETED", null, null, null, null));
                continue;
            }
            TrainingJob j = job.get();
            states.add(j.status());
            ProgressView p = j.progress();
            Double bestLoss = p.validation().bestValidationLoss();
            runs.add(new Run(j.id(), j.name(), run.values(), j.status().name(), p.validation().bestValidationPerplexity(),
                    bestLoss == null ? null : bestLoss / LN2, p.rates().charsPerSecond(), null));
        }
        // a stable sort keeps the grid's order among equals and among the runs without a validation
        runs.sort(Comparator.comparing(Run::bestValidationPerplexity, Comparator.nullsLast(Comparator.naturalOrder())));
        if (!runs.isEmpty() && runs.get(0).bestValidationPerplexity() != null) {
            Run b = runs.get(0);
            runs.set(0, new Run(b.modelId(), b.name(), b.values(), b.status(), b.bestValidationPerplexity(), b.bitsPerChar(),
                    b.charsPerSecond(), true));
        }
        return new SweepView(r.id(), r.name(), r.corpus(), SweepStatus.of(states), r.base(), r.grid(), r.createdAt(), List.copyOf(runs));
    }
}
