package dev.charlm.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The grid's combinations: nested loops over the keys as given, the first slowest; their labels; their count. */
class GridTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static LinkedHashMap<String, List<JsonNode>> grid(String json) {
        LinkedHashMap<String, List<JsonNode>> g = new LinkedHashMap<>();
        JSON.readTree(json).properties().forEach(e -> g.put(e.getKey(), e.getValue().valueStream().toList()));
        return g;
    }

    @Test
    void theFirstKeyVariesSlowestAndTheLabelsNameEveryValue() {
        var g = grid("{\"cell\": [\"rnn\", \"gru\", \"lstm\"], \"hiddenSize\": [128, 256], \"optimizer.learningRate\": [0.001, 0.003]}");
        List<String> labels = Grid.expand(g).stream().map(Grid.Combination::label).toList();
        assertThat(Grid.size(g)).isEqualTo(12);
        assertThat(labels).hasSize(12).startsWith(
                "cell=rnn hiddenSize=128 optimizer.learningRate=0.001",
                "cell=rnn hiddenSize=128 optimizer.learningRate=0.003",
                "cell=rnn hiddenSize=256 optimizer.learningRate=0.001",
                "cell=rnn hiddenSize=256 optimizer.learningRate=0.003",
                "cell=gru hiddenSize=128 optimizer.learningRate=0.001")
                .endsWith("cell=lstm hiddenSize=256 optimizer.learningRate=0.003");
        assertThat(Grid.expand(g).get(5).values()).containsExactly(Map.entry("cell", JSON.readTree("\"gru\"")),
                Map.entry("hiddenSize", JSON.readTree("128")), Map.entry("optimizer.learningRate", JSON.readTree("0.003")));
    }

    @Test
    void anEmptyListMakesNoCombinationAndAHugeGridIsCountedWithoutOverflow() {
        assertThat(Grid.size(grid("{\"cell\": [\"rnn\"], \"hiddenSize\": []}"))).isZero();
        StringBuilder big = new StringBuilder("{");
        for (int k = 0; k < 12; k++) {
            big.append(k == 0 ? "" : ",").append("\"k").append(k).append("\": [1,2,3,4,5,6,7,8,9,10]");
        }
        assertThat(Grid.size(grid(big.append('}').toString()))).isEqualTo(Integer.MAX_VALUE);
    }
}
