package dev.charlm.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.golden.GoldenFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Export then import gives the same model (weights bit for bit, so the same logits and the same seeded
 * samples), and the exported file computes CharLM's logits under PyTorch's equations and names
 * ({@link PyTorchReference}): the gate orders and transposes are PyTorch's, not merely self-consistent.
 */
class SafetensorsRoundTripTest {

    static final String INPUT = "abc 分开 hgfe\nda";

    static Stream<Arguments> shapes() {
        return Stream.of(CellType.values()).flatMap(cell -> Stream.of(1, 2).flatMap(layers -> Stream.of(0, 5).flatMap(e ->
                Stream.of(Precision.FLOAT32, Precision.FLOAT64).map(p -> Arguments.of(cell, layers, e, p)))));
    }

    @ParameterizedTest(name = "{0}, {1} layers, embedding {2}, {3}")
    @MethodSource("shapes")
    void exportThenImportGivesTheSameWeightsLogitsAndSamples(CellType cell, int layers, int embedding, Precision precision) {
        LanguageModel m = Models.random(cell, layers, embedding, precision, 7);
        SafetensorsImport.Imported back = Models.importBytes(Models.export(m));
        LanguageModel n = back.model();

        assertThat(n.config()).isEqualTo(m.config());
        assertThat(n.weights().precision()).isEqualTo(precision);
        assertThat(n.vocabulary().codePoints()).isEqualTo(m.vocabulary().codePoints());
        for (int i = 0; i < m.weights().size(); i++) {
            // F32 for float32, F64 for float64: nothing is rounded, so every weight comes back bit for bit
            assertThat(Double.doubleToRawLongBits(n.weights().storage().get(i)))
                    .as("weight %d", i).isEqualTo(Double.doubleToRawLongBits(m.weights().storage().get(i)));
        }
        List<double[]> a = GoldenFiles.logits(m, INPUT);
        List<double[]> b = GoldenFiles.logits(n, INPUT);
        for (int t = 0; t < a.size(); t++) {
            assertThat(b.get(t)).as("logits after token %d", t).isEqualTo(a.get(t));
        }
        SamplingOptions o = new SamplingOptions(60, 0.9, 0, 1, 1234L, List.of());
        SampleResult sa = new Sampler(m).sample("ab", o);
        SampleResult sb = new Sampler(n).sample("ab", o);
        assertThat(sb.text()).isEqualTo(sa.text());
        assertThat(back.config().model().cell()).isEqualTo(cell);
        assertThat(back.config().model().embeddingSize()).isEqualTo(embedding);
        assertThat(back.config().model().precision()).isEqualTo(precision);
    }

    @ParameterizedTest(name = "{0}, {1} layers, embedding {2}, {3}")
    @MethodSource("shapes")
    void pyTorchsEquationsOnTheExportedTensorsGiveCharLmsLogits(CellType cell, int layers, int embedding, Precision precision) {
        LanguageModel m = Models.random(cell, layers, embedding, precision, 11);
        List<double[]> charlm = GoldenFiles.logits(m, INPUT);
        List<double[]> torch = new PyTorchReference(Models.export(m)).logits(m.encode(INPUT));
        double tolerance = precision == Precision.FLOAT64 ? 1e-12 : 2e-5;
        for (int t = 0; t < charlm.size(); t++) {
            for (int v = 0; v < charlm.get(t).length; v++) {
                assertThat(torch.get(t)[v]).as("logit %d after token %d", v, t).isCloseTo(charlm.get(t)[v], within(tolerance));
            }
        }
    }

    @Test
    void theHeaderIsPaddedWithSpacesToEightBytesAndEveryMetadataValueIsAString() {
        byte[] f = Models.export(Models.random(CellType.LSTM, 2, 5, Precision.FLOAT32, 3));
        long n = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(n % 8).isZero();
        String header = new String(f, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{");
        assertThat(header.substring(header.stripTrailing().length())).matches(" *");
        JsonNode h = SafetensorsReader.JSON.readTree(header);
        JsonNode meta = h.get("__metadata__");
        meta.properties().forEach(e -> assertThat(e.getValue().isString()).as(e.getKey()).isTrue());
        assertThat(meta.get("cell").stringValue()).isEqualTo("lstm");
        assertThat(meta.get("layers").stringValue()).isEqualTo("2");
        assertThat(meta.get("hidden_size").stringValue()).isEqualTo("6");
        assertThat(meta.get("input").stringValue()).isEqualTo("embedding");
        List<String> vocab = Arrays.asList(SafetensorsReader.JSON.readValue(meta.get("vocabulary").stringValue(), String[].class));
        assertThat(vocab).hasSize(Models.CHARS.codePointCount(0, Models.CHARS.length()) + 1).endsWith("<unk>").startsWith("a", "b");
        // PyTorch's names and shapes: (G·H, in), (G·H, H), (G·H), (V, H), (V)
        assertThat(h.get("embedding.weight").get("shape").toString()).isEqualTo("[13,5]");
        assertThat(h.get("rnn.weight_ih_l0").get("shape").toString()).isEqualTo("[24,5]");
        assertThat(h.get("rnn.weight_ih_l1").get("shape").toString()).isEqualTo("[24,6]");
        assertThat(h.get("rnn.weight_hh_l1").get("shape").toString()).isEqualTo("[24,6]");
        assertThat(h.get("rnn.bias_hh_l1").get("shape").toString()).isEqualTo("[24]");
        assertThat(h.get("decoder.weight").get("shape").toString()).isEqualTo("[13,6]");
        assertThat(h.get("decoder.bias").get("dtype").stringValue()).isEqualTo("F32");
        assertThat(f.length - 8 - n).isEqualTo(4L * (13 * 5 + 2 * (24 * 5 + 24 * 6 + 48) + 24 * 6 - 24 * 5 + 13 * 6 + 13));
    }

    @Test
    void aOneHotModelsFirstLayerReadsTheVocabulary() {
        byte[] f = Models.export(Models.random(CellType.GRU, 1, 0, Precision.FLOAT64, 3));
        JsonNode h = SafetensorsReader.JSON.readTree(Arrays.copyOfRange(f, 8, 8 + (int) ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getLong(0)));
        assertThat(h.has("embedding.weight")).isFalse();
        assertThat(h.get("rnn.weight_ih_l0").get("shape").toString()).isEqualTo("[18,13]");
        assertThat(h.get("rnn.weight_ih_l0").get("dtype").stringValue()).isEqualTo("F64");
        assertThat(h.get("__metadata__").get("input").stringValue()).isEqualTo("one_hot");
    }

    @Test
    void theTextOptionsComeBackSoAPromptIsEncodedAsBefore() {
        TextOptions text = new TextOptions(Preprocessing.LOWERCASE, true, false, 1000, 40, 2);
        LanguageModel m = Models.random(CellType.RNN, 1, 6, 0, Precision.FLOAT32, text, 5);
        SafetensorsImport.Imported back = Models.importBytes(Models.export(m));
        assertThat(back.model().text()).isEqualTo(text);
        assertThat(back.config().text()).isEqualTo(text);
        assertThat(back.config().batching().mode()).isEqualTo(BatchingMode.LINES);
        assertThat(back.model().encode("ABC")).isEqualTo(m.encode("ABC"));
    }
}
