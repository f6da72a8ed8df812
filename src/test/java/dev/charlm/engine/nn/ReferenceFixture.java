package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One fixture of ../shared/reference (an independent numpy implementation), mapped onto the engine's
 * fused layout: the seed-named matrices W_x?, W_h?, b_? become column blocks of wx, wh and b in the
 * engine's gate order.
 */
record ReferenceFixture(String file, JsonNode json) {

    static final Path SHARED = Path.of("..", "shared", "reference");

    /** Every fixture: those in ../shared/reference (more may be added there) and the copies under test resources. */
    static Stream<ReferenceFixture> all() {
        Map<String, Path> files = new LinkedHashMap<>();
        try {
            Path bundled = Path.of(ReferenceFixture.class.getResource("/reference").toURI());
            for (Path dir : List.of(bundled, SHARED)) {
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> s = Files.list(dir)) {
                        s.filter(f -> f.toString().endsWith(".json")).sorted()
                                .forEach(f -> files.put(f.getFileName().toString(), f));   // shared wins
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        JsonMapper mapper = JsonMapper.builder().build();
        List<ReferenceFixture> out = new ArrayList<>();
        files.forEach((name, path) -> out.add(new ReferenceFixture(name, mapper.readTree(path.toFile()))));
        return out.stream();
    }

    @Override
    public String toString() {
        return file;
    }

    CellType cell() {
        return CellType.valueOf(json.get("cell").asString().toUpperCase());
    }

    int vocab() {
        return json.get("vocab_size").asInt();
    }

    int hidden() {
        return json.get("hidden_size").asInt();
    }

    int layers() {
        return json.get("num_layers").asInt();
    }

    int batch() {
        return json.get("batch_size").asInt();
    }

    int steps() {
        return json.get("steps").asInt();
    }

    ModelConfig modelConfig() {
        return new ModelConfig(cell(), layers(), hidden(), 0, vocab(), 0);
    }

    /** Seed gate letters in the engine's block order. */
    static List<String> gateNames(CellType cell) {
        return switch (cell) {
            case RNN -> List.of("h");
            case GRU -> List.of("z", "r", "h");
            case LSTM -> List.of("i", "f", "c", "o");
        };
    }

    Parameters parameters(Precision precision) {
        Parameters p = Parameters.zeros(modelConfig(), precision);
        fill(p, json.get("params"));
        return p;
    }

    /** Expected gradients in the engine's layout. */
    Parameters expectedGradients() {
        Parameters p = Parameters.zeros(modelConfig(), Precision.FLOAT64);
        fill(p, json.get("expected").get("gradients"));
        return p;
    }

    /** Maps seed names onto engine tensors; returns the engine name and column block of each seed name. */
    private void fill(Parameters p, JsonNode named) {
        int h = hidden();
        List<String> gates = gateNames(cell());
        for (int l = 0; l < layers(); l++) {
            for (int g = 0; g < gates.size(); g++) {
                String gate = gates.get(g);
                putBlock(p.wx(l), g * h, matrix(named.get("layers." + l + ".W_x" + gate)));
                putBlock(p.wh(l), g * h, matrix(named.get("layers." + l + ".W_h" + gate)));
                putBlock(p.b(l), g * h, new double[][] {vector(named.get("layers." + l + ".b_" + gate))});
            }
        }
        putBlock(p.wq(), 0, matrix(named.get("W_hq")));
        putBlock(p.bq(), 0, new double[][] {vector(named.get("b_q"))});
    }

    private static void putBlock(Tensor t, int col0, double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                t.set(i, col0 + j, m[i][j]);
            }
        }
    }

    static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < n.size(); i++) {
            m[i] = vector(n.get(i));
        }
        return m;
    }

    static double[] vector(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < n.size(); i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    int[][] tokens(String field) {
        JsonNode n = json.get(field);
        int[][] out = new int[n.size()][];
        for (int b = 0; b < n.size(); b++) {
            out[b] = new int[n.get(b).size()];
            for (int t = 0; t < out[b].length; t++) {
                out[b][t] = n.get(b).get(t).asInt();
            }
        }
        return out;
    }

    /** initial_state or expected.final_state, "H" or "C": [layer][b][j], or null. */
    double[][][] state(JsonNode parent, String which) {
        JsonNode n = parent.get(which);
        if (n == null || n.isNull()) {
            return null;
        }
        double[][][] s = new double[n.size()][][];
        for (int l = 0; l < n.size(); l++) {
            s[l] = matrix(n.get(l));
        }
        return s;
    }

    double expectedLoss() {
        return json.get("expected").get("loss").asDouble();
    }

    /** expected.logits [b][t][v]. */
    double[][][] expectedLogits() {
        JsonNode n = json.get("expected").get("logits");
        double[][][] out = new double[n.size()][][];
        for (int b = 0; b < n.size(); b++) {
            out[b] = matrix(n.get(b));
        }
        return out;
    }
}
