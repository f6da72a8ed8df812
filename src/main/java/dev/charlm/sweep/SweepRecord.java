package dev.charlm.sweep;

import dev.charlm.training.TrainingRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a sweep store keeps of one sweep: the request as given and the model of each combination, in the grid's
 * order. The runs' state is not here: it is the models' own, which survive a restart in their own records.
 */
public record SweepRecord(String id, String name, String corpus, TrainingRequest base,
                          LinkedHashMap<String, List<JsonNode>> grid, Instant createdAt, List<Run> runs) {

    /** One combination and the model that trains it. */
    public record Run(String modelId, Map<String, JsonNode> values) {
    }
}
