package dev.charlm.sweep;

import dev.charlm.training.TrainingRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /sweeps}: a base request and a grid of option values over it. The grid's keys are option paths
 * as the 400s of {@code POST /models} name them ({@code cell}, {@code hiddenSize}, {@code optimizer.learningRate},
 * {@code lrDecay.factor}, {@code clip.threshold}, ...); its order is kept, as it orders the runs.
 */
@Schema(description = "A grid of option values over a base request; one model per combination.")
record SweepRequest(
        @Schema(description = "the sweep's name; each run is named after it and its values", example = "cells", requiredMode = Schema.RequiredMode.REQUIRED) String name,
        @Schema(description = "corpus id, or the name of a built-in corpus", example = "jaychou", requiredMode = Schema.RequiredMode.REQUIRED) String corpus,
        @Schema(description = "training options exactly as POST /models takes them, without corpus and name") TrainingRequest base,
        @Schema(description = "option path to the values it takes", example = "{\"cell\": [\"rnn\", \"gru\", \"lstm\"], \"hiddenSize\": [128, 256]}",
                requiredMode = Schema.RequiredMode.REQUIRED) LinkedHashMap<String, List<JsonNode>> grid) {
}
