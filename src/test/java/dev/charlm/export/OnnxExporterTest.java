package dev.charlm.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.nn.Initializer;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.nn.Workspace;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.text.Vocabulary;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.FlatConfig;
import dev.charlm.engine.train.ModelOptions;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.engine.train.Trainer;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** The exported graph run by ONNX Runtime against CharLM's own network, case by case. */
class OnnxExporterTest {

    static final double TOLERANCE = 1e-4;
    static final String TEXT = "the quick brown fox jumps over the lazy dog, then naps; ";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final OnnxExporter EXPORTER = new OnnxExporter(JSON, "test");
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /** The largest |logit difference| over every case, for the closing note. */
    static double largest;

    @AfterAll
    static void report() {
        System.out.printf("ONNX export: largest |logit difference| between ONNX Runtime and CharLM: %.3e%n", largest);
    }

    /**
     * Each cell with 1 and 2 layers, with an embedding and without; without one, once with each one-hot
     * table: TEXT has 29 characters, so H = 32 gives V <= G·H (the identity rows) and H = 6 gives
     * V > G·H (the rows of W_x) for every cell.
     */
    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            for (int layers : new int[] {1, 2}) {
                cases.add(Arguments.of(cell, layers, OnnxGraph.InputTable.EMBEDDING, 8));
                cases.add(Arguments.of(cell, layers, OnnxGraph.InputTable.ONE_HOT, 32));
                cases.add(Arguments.of(cell, layers, OnnxGraph.InputTable.INPUT_WEIGHT_ROWS, 6));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), input {2}, hidden {3}")
    @MethodSource("shapes")
    void logitsAndFinalStatesEqualCharLmsAcrossTwoChunksAndGreedyTextIsTheSame(CellType cell, int layers,
            OnnxGraph.InputTable input, int hidden) throws Exception {
        int embedding = input == OnnxGraph.InputTable.EMBEDDING ? 5 : 0;
        LanguageModel model = randomModel(cell, layers, hidden, embedding, Precision.FLOAT32, TEXT, 0, 7 + layers);
        assertThat(OnnxGraph.InputTable.of(model.config())).isEqualTo(input);
        try (OnnxRuntimeModel onnx = export(model, config(model))) {
            int V = model.config().vocabSize();
            Rng rng = new Rng(11);
            int B = 3;
            int T = 6;
            Workspace ws = new Workspace(model.config(), Precision.FLOAT32, B, T, false);
            Network net = new Network(model.config(), Kernels.ojalgo(), Kernels.pointwise(Precision.FLOAT32));
            Map<String, float[][][]> state = onnx.zeroState(B);
            for (int chunk = 0; chunk < 2; chunk++) {
                long[][] ids = new long[B][T];
                for (int b = 0; b < B; b++) {
                    for (int t = 0; t < T; t++) {
                        ids[b][t] = rng.nextInt(V);
                    }
                }
                ids[0][0] = -1;   // the zero input, as CharLM writes it
                ids[1][2] = V;    // the same zero row, by its own id
                for (int b = 0; b < B; b++) {
                    for (int t = 0; t < T; t++) {
                        ws.inputs[b * T + t] = ids[b][t] == V ? -1 : (int) ids[b][t];
                    }
                }
                if (chunk > 0) {
                    net.carryState(ws);
                }
                net.forward(model.packed(), ws, 0, B, Network.Dropout.NONE);
                OnnxRuntimeModel.Result r = onnx.run(ids, state);
                assertClose(r.logits(), ws.logits(), B, T, V);
                for (int l = 0; l < layers; l++) {
                    assertFinalState(r.states().get(OnnxGraph.finalHidden(l)), ws.hidden(l), B, T);
                    if (cell == CellType.LSTM) {
                        assertFinalState(r.states().get(OnnxGraph.finalCell(l)), ws.cell(l), B, T);
                    }
                }
                state = onnx.carried(r);
            }
            String charlm = new Sampler(model).sample("the q", SamplingOptions.greedy(24)).text();
            assertThat(onnx.greedy(model, "the q", 24)).isEqualTo(charlm);
        }
    }

    @Test
    void aTrainedLineModeFloat64ModelWithDropoutContinuesALineAsCharLmDoes() throws Exception {
        FlatConfig f = new FlatConfig(TrainingConfig.defaults());
        f.cell = CellType.LSTM;
        f.layers = 2;
        f.hiddenSize = 16;
        f.embeddingSize = 6;
        f.dropout = 0.1;
        f.precision = Precision.FLOAT64;
        f.batching = BatchingMode.LINES;
        f.seqLength = 24;
        f.batchSize = 4;
        f.maxSteps = 80;
        f.valFraction = 0;
        f.optimizer = OptimizerConfig.of(OptimizerType.ADAM, 2e-2);
        TrainingConfig c = f.build();
        String text = "the cat sat on the mat\nthe dog sat on the log\na cat and a dog\n".repeat(15);
        EncodedCorpus corpus = EncodedCorpus.encode(text.getBytes(StandardCharsets.UTF_8), c.text());
        AtomicReference<Checkpoint> last = new AtomicReference<>();
        try (Trainer t = Trainer.start(c, corpus, Map.of())) {
            t.run(new TrainingListener() {
                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    last.set(checkpoint);
                }
            }, () -> false);
        }
        LanguageModel model = last.get().servingModelCopy();
        assertThat(model.lineMode()).isTrue();
        try (OnnxRuntimeModel onnx = export(model, c)) {
            assertThat(onnx.session().getMetadata().getCustomMetadata())
                    .containsEntry("charlm.line_mode", "true")
                    .containsEntry("charlm.end_of_line", Integer.toString(model.endOfLine()))
                    .containsEntry("charlm.precision", "float64");
            for (String prefix : List.of("the ", "a c", "the dog s")) {
                String charlm = new Sampler(model).sample(prefix, SamplingOptions.greedy(40)).text();
                assertThat(charlm).as("a trained model continues the line").isNotEmpty();
                assertThat(onnx.greedy(model, prefix, 40)).as(prefix).isEqualTo(charlm);
            }
            // one whole line through both, from the zero input and the zero state
            int[] line = model.encode("the cat sat on the log\n");
            long[][] ids = new long[1][line.length + 1];
            ids[0][0] = -1;
            Workspace ws = new Workspace(model.config(), Precision.FLOAT64, 1, line.length + 1, false);
            ws.inputs[0] = -1;
            for (int i = 0; i < line.length; i++) {
                ids[0][i + 1] = line[i];
                ws.inputs[i + 1] = line[i];
            }
            new Network(model.config(), Kernels.ojalgo(), Kernels.pointwise(Precision.FLOAT64))
                    .forward(model.packed(), ws, 0, 1, Network.Dropout.NONE);
            assertClose(onnx.run(ids, onnx.zeroState(1)).logits(), ws.logits(), 1, line.length + 1, model.config().vocabSize());
        }
    }

    @Test
    void theFileDeclaresOpset14AndCarriesTheVocabularyTheConfigAndHowALineStarts() throws Exception {
        // maxVocab 8 cuts the rare characters into <unk>
        LanguageModel model = randomModel(CellType.GRU, 1, 8, 0, Precision.FLOAT32, TEXT, 8, 3);
        TrainingConfig config = config(model);
        byte[] bytes = bytes(model, config);
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(bytes);
        assertThat(proto.getOpsetImportList()).anySatisfy(o -> {
            assertThat(o.getDomain()).isEmpty();
            assertThat(o.getVersion()).isGreaterThanOrEqualTo(14);
        });
        assertThat(proto.getProducerName()).isEqualTo("CharLM");
        assertThat(proto.getProducerVersion()).isEqualTo("test");
        assertThat(proto.getDocString()).contains("input_ids", "h0_l{k}", "logits");
        assertThat(proto.getGraph().getNodeList()).extracting(OnnxMl.NodeProto::getOpType)
                .containsSubsequence("Transpose", "Gather", "GRU", "Squeeze", "Transpose", "MatMul", "Add");
        OnnxMl.NodeProto gru = proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("GRU")).findFirst().orElseThrow();
        assertThat(gru.getAttributeList()).anySatisfy(a -> {
            assertThat(a.getName()).isEqualTo("linear_before_reset");
            assertThat(a.getI()).isEqualTo(1);
        });

        Vocabulary vocab = model.vocabulary();
        assertThat(vocab.hasUnk()).isTrue();
        List<String> labels = new ArrayList<>();
        for (int id = 0; id < vocab.size(); id++) {
            labels.add(id == vocab.unkId() ? "<unk>" : Character.toString(vocab.codePoint(id)));
        }
        try (OrtSession session = ENV.createSession(bytes, new OrtSession.SessionOptions())) {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertThat(JSON.readValue(meta.get("charlm.vocabulary"), String[].class)).containsExactlyElementsOf(labels);
            assertThat(JSON.readValue(meta.get("charlm.config"), TrainingConfig.class)).isEqualTo(config);
            assertThat(JSON.readValue(meta.get("charlm.model"), ModelConfig.class)).isEqualTo(model.config());
            assertThat(JSON.readValue(meta.get("charlm.text"), TextOptions.class)).isEqualTo(model.text());
            assertThat(meta).containsEntry("charlm.line_mode", "false")
                    .containsEntry("charlm.end_of_line", "-1")
                    .containsEntry("charlm.unknown", Integer.toString(vocab.unkId()))
                    .containsEntry("charlm.zero_input", Integer.toString(vocab.size()))
                    .containsEntry("charlm.precision", "float32");
            assertThat(session.getMetadata().getProducerName()).isEqualTo("CharLM");
            assertThat(session.getInputNames()).containsExactly("input_ids", "h0_l0");
            assertThat(session.getOutputNames()).containsExactly("logits", "hn_l0");
        }
    }

    // ------------------------------------------------------------------------------------------

    static LanguageModel randomModel(CellType cell, int layers, int hidden, int embedding, Precision precision, String text,
            int maxVocab, long seed) {
        Map<Integer, Long> freq = new HashMap<>();
        text.codePoints().forEach(cp -> freq.merge(cp, 1L, Long::sum));
        Vocabulary vocab = Vocabulary.build(freq, maxVocab, 1);
        ModelConfig c = new ModelConfig(cell, layers, hidden, embedding, vocab.size(), 0);
        Parameters p = Parameters.zeros(c, precision);
        // torch's U(-1/√H, 1/√H) (twice for the biases) drives the gates well away from their linear middle
        Initializer.initialize(p, InitScheme.TORCH, new Rng(seed));
        return new LanguageModel(c, TextOptions.DEFAULT, vocab, p);
    }

    static TrainingConfig config(LanguageModel m) {
        ModelConfig c = m.config();
        return TrainingConfig.defaults().withModel(new ModelOptions(c.cell(), c.layers(), c.hiddenSize(), c.embeddingSize(),
                c.dropout(), InitScheme.TORCH, m.weights().precision()));
    }

    static byte[] bytes(LanguageModel model, TrainingConfig config) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EXPORTER.write(model, config, out);
        return out.toByteArray();
    }

    static OnnxRuntimeModel export(LanguageModel model, TrainingConfig config) throws IOException, OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        return new OnnxRuntimeModel(ENV.createSession(bytes(model, config), options), model.config());
    }

    static void assertClose(float[][][] onnx, Tensor charlm, int B, int T, int V) {
        double max = 0;
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int v = 0; v < V; v++) {
                    max = Math.max(max, Math.abs(onnx[b][t][v] - charlm.get((b * T + t) * V + v)));
                }
            }
        }
        largest = Math.max(largest, max);
        assertThat(max).as("max |logit difference|").isLessThanOrEqualTo(TOLERANCE);
    }

    /** ONNX's (1 × B × H) final state against CharLM's state after the last step (row b·T + T-1). */
    static void assertFinalState(float[][][] onnx, Tensor after, int B, int T) {
        int H = after.cols;
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) {
                assertThat((double) onnx[0][b][j]).isCloseTo(after.get((b * T + T - 1) * H + j), within(TOLERANCE));
            }
        }
    }
}
