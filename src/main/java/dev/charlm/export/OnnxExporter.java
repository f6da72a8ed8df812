package dev.charlm.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.Version;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.text.Vocabulary;
import dev.charlm.engine.train.TrainingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ?format=onnx}: the model as an ONNX graph of ONNX's own RNN, GRU and LSTM operators
 * ({@link OnnxGraph}), float32, with what a consumer needs to tokenize and to start a line in
 * {@code metadata_props} (docs/EXPORT.md, section ONNX, lists the keys).
 */
@Component
public class OnnxExporter implements ModelExporter {

    /** ai.onnx opset 14: RNN, GRU and LSTM as they are today (14 added layout, which ONNX Runtime refuses anyway). */
    static final long OPSET = 14;
    /** IR version 7 is the one that goes with opset 14 (ONNX 1.9), so older runtimes read the file too. */
    static final long IR_VERSION = Version.IR_VERSION_2020_5_8_VALUE;

    private final JsonMapper json;
    private final String version;

    @Autowired
    public OnnxExporter(JsonMapper json, ObjectProvider<BuildProperties> build) {
        this(json, build.stream().map(BuildProperties::getVersion).findFirst().orElse("development"));
    }

    OnnxExporter(JsonMapper json, String version) {
        this.json = json;
        this.version = version;
    }

    @Override
    public String format() {
        return "onnx";
    }

    @Override
    public String mediaType() {
        return "application/onnx";
    }

    @Override
    public String extension() {
        return "onnx";
    }

    @Override
    public void write(LanguageModel model, TrainingConfig config, OutputStream out) throws IOException {
        model(model, config).writeTo(out);
    }

    ModelProto model(LanguageModel model, TrainingConfig config) {
        ModelConfig c = model.config();
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("CharLM")
                .setProducerVersion(version)
                .setDomain("dev.charlm")
                .setModelVersion(1)
                .setDocString(docString(c))
                .setGraph(OnnxGraph.of(model.weights(), "charlm_" + c.cell()));
        metadata(model, config).forEach((k, v) ->
                m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** The graph's inputs and outputs in one paragraph, for tools that show a model's description. */
    private static String docString(ModelConfig c) {
        boolean lstm = c.cell() == CellType.LSTM;
        return "CharLM " + c.cell() + " language model, " + c.layers() + " x " + c.hiddenSize()
                + (c.hasEmbedding() ? ", embedding " + c.embeddingSize() : ", one-hot input") + ". "
                + "Inputs: input_ids int64 [batch, seq], ids of charlm.vocabulary (-1 or " + c.vocabSize()
                + " is the zero input that starts a line in line mode); per layer k the initial state h0_l{k}"
                + (lstm ? " and c0_l{k}" : "") + ", float32 [1, batch, " + c.hiddenSize() + "], zeros to start. "
                + "Outputs: logits float32 [batch, seq, " + c.vocabSize() + "]; the final state hn_l{k}"
                + (lstm ? " and cn_l{k}" : "") + ", to pass back as the initial state of the next chunk.";
    }

    /** What a consumer needs beyond the graph: the tokens, how text became ids, and how a line starts. */
    Map<String, String> metadata(LanguageModel model, TrainingConfig config) {
        Vocabulary vocab = model.vocabulary();
        List<String> tokens = new ArrayList<>(vocab.size());
        for (int id = 0; id < vocab.size(); id++) {
            tokens.add(vocab.label(id));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("charlm.vocabulary", json.writeValueAsString(tokens));
        meta.put("charlm.config", json.writeValueAsString(config));
        meta.put("charlm.text", json.writeValueAsString(model.text()));
        meta.put("charlm.model", json.writeValueAsString(model.config()));
        meta.put("charlm.precision", model.weights().precision().name().toLowerCase(Locale.ROOT));
        meta.put("charlm.line_mode", Boolean.toString(model.lineMode()));
        meta.put("charlm.end_of_line", Integer.toString(model.endOfLine()));
        meta.put("charlm.unknown", Integer.toString(vocab.unkId()));
        meta.put("charlm.zero_input", Integer.toString(model.config().vocabSize()));
        return meta;
    }
}
