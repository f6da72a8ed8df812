package dev.charlm.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A grid's combinations, in the order of nested loops over its keys as given: the first key varies slowest,
 * the last fastest ({@code cell: [rnn, gru], hiddenSize: [128, 256]} is rnn 128, rnn 256, gru 128, gru 256).
 */
final class Grid {

    private Grid() {
    }

    /** One combination: a value for each key of the grid, in the grid's order. */
    record Combination(Map<String, JsonNode> values) {

        /** {@code cell=gru hiddenSize=128 optimizer.learningRate=0.001}: how a run's name and a 400 name it. */
        String label() {
            StringBuilder sb = new StringBuilder();
            values.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(show(v)));
            return sb.toString();
        }
    }

    /** A value as a label shows it: a string without its quotes, anything else as JSON. */
    static String show(JsonNode v) {
        return v.isString() ? v.asString() : v.toString();
    }

    /** The number of combinations, capped at Integer.MAX_VALUE (so the product never overflows); 0 when a key has no values. */
    static long size(Map<String, List<JsonNode>> grid) {
        long n = 1;
        for (List<JsonNode> values : grid.values()) {
            n = Math.min(n * values.size(), Integer.MAX_VALUE);
        }
        return n;
    }

    /** Every combination, in nested-loop order; the caller has bounded {@link #size}. */
    static List<Combination> expand(Map<String, List<JsonNode>> grid) {
        List<Map<String, JsonNode>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> key : grid.entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>(out.size() * key.getValue().size());
            for (Map<String, JsonNode> prefix : out) {
                for (JsonNode v : key.getValue()) {
                    Map<String, JsonNode> c = new LinkedHashMap<>(prefix);
                    c.put(key.getKey(), v);
                    next.add(c);
                }
            }
            out = next;
        }
        return out.stream().map(m -> new Combination(java.util.Collections.unmodifiableMap(m))).toList();
    }
}
