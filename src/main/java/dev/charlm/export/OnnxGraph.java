package dev.charlm.export;

import static dev.charlm.export.OnnxProtos.integer;
import static dev.charlm.export.OnnxProtos.ints;
import static dev.charlm.export.OnnxProtos.strings;
import static dev.charlm.export.OnnxProtos.value;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One model as an ONNX graph, with B = batch and T = seq dynamic:
 * <pre>
 *   input_ids (B × T) int64 → Transpose → Gather(table) → x_l0 (T × B × E), E the table's width
 *   per layer l: RNN | GRU | LSTM (x_l, W, R, B, h0_l[, c0_l]) → Y (T × 1 × B × H), hn_l[, cn_l] (1 × B × H)
 *                Squeeze(axis 1) → x_l+1 (T × B × H)
 *   Transpose → (B × T × H) → MatMul(output.w) → Add(output.b) → logits (B × T × V) float32
 * </pre>
 * The recurrent operators run time-major (layout 0), because ONNX Runtime's CPU kernels refuse
 * layout = 1; the two Transposes keep the graph's inputs and outputs batch-major.
 *
 * <p>Layer 0 reads a token through Gather from a table of V + 1 rows ({@link InputTable}): row v is the
 * input of token v, row V is all zeros, CharLM's zero input that starts a line in line mode. Gather reads
 * index -1 as the last row, so id -1 (what CharLM uses) and id V both feed it.
 */
final class OnnxGraph {

    static final String INPUT_IDS = "input_ids";
    static final String LOGITS = "logits";
    private static final String BATCH = "batch";
    private static final String SEQ = "seq";

    /**
     * What layer 0's Gather reads. ONNX's recurrent operators always multiply their input by W, so a
     * model without an embedding needs either the one-hot vector (a (V+1 × V) table, W = W_xᵀ) or the
     * row of W_x itself (a (V+1 × G·H) table, W = the identity). A product with a one-hot vector or with
     * the identity adds one value to zeros, exact in float32. Of the two, the smaller file is also
     * the smaller per-step product: the one-hot rows while V <= G·H, the rows of W_x above (a
     * character vocabulary of a few thousand Chinese characters would make a (V+1 × V) identity of
     * tens of megabytes).
     */
    enum InputTable {
        /** (V+1 × E): the embedding; layer 0's W is W_xᵀ. */
        EMBEDDING("embedding"),
        /** (V+1 × V): the rows of the identity; layer 0's W is W_xᵀ. */
        ONE_HOT("one_hot"),
        /** (V+1 × G·H): the rows of W_x, gate blocks in ONNX's order; layer 0's W is the identity. */
        INPUT_WEIGHT_ROWS("layers.0.wx_rows");

        final String initializer;

        InputTable(String initializer) {
            this.initializer = initializer;
        }

        static InputTable of(ModelConfig c) {
            if (c.hasEmbedding()) {
                return EMBEDDING;
            }
            return c.vocabSize() <= c.gateWidth() ? ONE_HOT : INPUT_WEIGHT_ROWS;
        }

        /** Width of a row: layer 0's input width in the graph. */
        int width(ModelConfig c) {
            return switch (this) {
                case EMBEDDING -> c.embeddingSize();
                case ONE_HOT -> c.vocabSize();
                case INPUT_WEIGHT_ROWS -> c.gateWidth();
            };
        }
    }

    private final ModelConfig config;
    private final Parameters weights;
    private final InputTable table;
    private final GraphProto.Builder graph = GraphProto.newBuilder();

    private OnnxGraph(Parameters weights) {
        this.config = weights.config();
        this.weights = weights;
        this.table = InputTable.of(config);
    }

    static String initialHidden(int layer) {
        return "h0_l" + layer;
    }

    static String initialCell(int layer) {
        return "c0_l" + layer;
    }

    static String finalHidden(int layer) {
        return "hn_l" + layer;
    }

    static String finalCell(int layer) {
        return "cn_l" + layer;
    }

    /** The graph of a network with these weights (converted to float32). */
    static GraphProto of(Parameters weights, String name) {
        return new OnnxGraph(weights).build(name);
    }

    private GraphProto build(String name) {
        graph.setName(name);
        int V = config.vocabSize();
        int H = config.hiddenSize();
        boolean lstm = config.cell() == CellType.LSTM;
        graph.addInput(value(INPUT_IDS, TensorProto.DataType.INT64, BATCH, SEQ)
                .setDocString("token ids in charlm.vocabulary; -1 or " + V + " is the zero input"));
        graph.addOutput(value(LOGITS, TensorProto.DataType.FLOAT, BATCH, SEQ, V)
                .setDocString("unnormalised next-token scores"));

        node("Transpose", List.of(INPUT_IDS), List.of("ids_tb")).addAttribute(ints("perm", 1, 0));
        initializer(table.initializer, inputTable(), V + 1, table.width(config));
        node("Gather", List.of(table.initializer, "ids_tb"), List.of("x_l0"));

        graph.addInitializer(OnnxProtos.int64Tensor("squeeze_axes", 1));
        for (int l = 0; l < config.layers(); l++) {
            graph.addInput(value(initialHidden(l), TensorProto.DataType.FLOAT, 1, BATCH, H));
            graph.addOutput(value(finalHidden(l), TensorProto.DataType.FLOAT, 1, BATCH, H));
            if (lstm) {
                graph.addInput(value(initialCell(l), TensorProto.DataType.FLOAT, 1, BATCH, H));
                graph.addOutput(value(finalCell(l), TensorProto.DataType.FLOAT, 1, BATCH, H));
            }
            recurrentLayer(l);
            node("Squeeze", List.of("y_l" + l, "squeeze_axes"), List.of("x_l" + (l + 1)));
        }

        node("Transpose", List.of("x_l" + config.layers()), List.of("top")).addAttribute(ints("perm", 1, 0, 2));
        initializer("output.w", floats(weights.wq()), H, V);
        initializer("output.b", floats(weights.bq()), V);
        node("MatMul", List.of("top", "output.w"), List.of("scores"));
        node("Add", List.of("scores", "output.b"), List.of(LOGITS));
        return graph.build();
    }

    /** Layer l as ONNX's own operator: W (1 × G·H × E_l), R (1 × G·H × H), B (1 × 2·G·H). */
    private void recurrentLayer(int l) {
        CellType cell = config.cell();
        int H = config.hiddenSize();
        int GH = config.gateWidth();
        String prefix = "layers." + l;
        if (l == 0 && table == InputTable.INPUT_WEIGHT_ROWS) {
            initializer(prefix + ".W", identity(GH), 1, GH, GH);
        } else {
            initializer(prefix + ".W", OnnxGates.transposed(weights.wx(l), cell, H), 1, GH, config.inputWidth(l));
        }
        initializer(prefix + ".R", OnnxGates.transposed(weights.wh(l), cell, H), 1, GH, H);
        initializer(prefix + ".B", OnnxGates.bias(weights.b(l), cell, H), 1, 2 * GH);
        List<String> in = new ArrayList<>(List.of("x_l" + l, prefix + ".W", prefix + ".R", prefix + ".B", "", initialHidden(l)));
        List<String> out = new ArrayList<>(List.of("y_l" + l, finalHidden(l)));
        if (cell == CellType.LSTM) {
            in.add(initialCell(l));
            out.add(finalCell(l));
        }
        NodeProto.Builder node = switch (cell) {
            case RNN -> node("RNN", in, out).addAttribute(strings("activations", "Tanh"));
            case GRU -> node("GRU", in, out).addAttribute(integer("linear_before_reset", 1));
            case LSTM -> node("LSTM", in, out);   // default activations: σ for i, o, f; tanh for c and the output
        };
        node.addAttribute(integer("hidden_size", H));
    }

    /** The {@link InputTable}'s values: V rows, then the zero row. */
    private float[] inputTable() {
        int V = config.vocabSize();
        float[] rows = switch (table) {
            case EMBEDDING -> floats(weights.embedding());
            case ONE_HOT -> identity(V);
            case INPUT_WEIGHT_ROWS -> OnnxGates.columns(weights.wx(0), config.cell(), config.hiddenSize());
        };
        return Arrays.copyOf(rows, rows.length + table.width(config));
    }

    /** (n × n) identity. */
    private static float[] identity(int n) {
        float[] m = new float[n * n];
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1;
        }
        return m;
    }

    private NodeProto.Builder node(String op, List<String> inputs, List<String> outputs) {
        return graph.addNodeBuilder()
                .setOpType(op)
                .setName(op + "_" + graph.getNodeCount())
                .addAllInput(inputs)
                .addAllOutput(outputs);
    }

    private static float[] floats(Tensor t) {
        float[] out = new float[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) t.get(i);
        }
        return out;
    }

    private void initializer(String name, float[] values, long... dims) {
        graph.addInitializer(OnnxProtos.floatTensor(name, values, dims));
    }
}
