package dev.charlm.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.golden.GoldenFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Each rule of the import's parser, with the 400 detail it gives; and what it accepts from PyTorch. */
class SafetensorsStrictnessTest {

    static final LanguageModel LSTM = Models.random(CellType.LSTM, 2, 5, Precision.FLOAT32, 1);
    static final byte[] VALID = Models.export(LSTM);

    static RawFile valid() {
        return RawFile.of(VALID);
    }

    static void refused(byte[] file, String... detail) {
        assertThatThrownBy(() -> Models.importBytes(file)).isInstanceOf(InvalidSafetensorsException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(detail));
    }

    static byte[] header(Consumer<ObjectNode> edit) {
        RawFile f = valid();
        ObjectNode h = f.header();
        edit.accept(h);
        return RawFile.assemble(RawFile.JSON.writeValueAsBytes(h), f.data());
    }

    static byte[] withLength(long n, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put(rest).array();
    }

    @Test
    void theFileAsExportedIsAccepted() {
        assertThat(Models.importBytes(valid().bytes()).model().config()).isEqualTo(LSTM.config());
    }

    // ---- the container

    @Test
    void aFileShorterThanTheLengthFieldIsRefused() {
        refused(new byte[5], "the file has 5 bytes");
    }

    @Test
    void theHeaderLengthIsBoundedBeforeAnythingIsAllocated() {
        refused(withLength(1L << 40, new byte[16]), "the header length is 1099511627776 bytes; CharLM reads headers of 2 to 8388608 bytes");
        refused(withLength(-1, new byte[16]), "the header length is 18446744073709551615 bytes");
        refused(withLength(0, new byte[16]), "the header length is 0 bytes");
    }

    @Test
    void aHeaderThatRunsPastTheEndOfTheFileIsRefused() {
        refused(withLength(1000, "{}".getBytes(StandardCharsets.UTF_8)), "the header length is 1000 bytes but the file has only 2 bytes after it");
    }

    @Test
    void theHeaderMustBeAJsonObject() {
        refused(RawFile.assemble("[1, 2]", new byte[0]), "does not start with '{'");
        refused(RawFile.assemble("{\"a\": ", new byte[0]), "the header is not valid JSON");
        refused(RawFile.assemble("{} {}", new byte[0]), "the header is not valid JSON");
        refused(RawFile.assemble("{\"decoder.bias\": 1, \"decoder.bias\": 2}", new byte[0]), "not valid JSON", "Duplicate");
        refused(RawFile.assemble(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, new byte[0]), "not valid UTF-8");
        refused(RawFile.assemble("{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}", new byte[0]), "not valid JSON", "nesting depth");
    }

    @Test
    void metadataValuesMustBeStrings() {
        refused(header(h -> ((ObjectNode) h.get("__metadata__")).put("layers", 2)), "__metadata__.layers must be a string");
    }

    @Test
    void anUnknownDtypeIsNamed() {
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).put("dtype", "I8")), "decoder.bias has dtype I8; CharLM reads F16, BF16, F32 and F64");
    }

    @Test
    void dtypeTimesShapeMustEqualTheBytesTheOffsetsSpan() {
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).putArray("shape").add(14)),
                "tensor decoder.bias is F32 [14], 56 bytes, but its data_offsets span 52");
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).put("dtype", "F64")), "F64 [13], 104 bytes, but its data_offsets span 52");
    }

    @Test
    void aShapeWhoseByteCountOverflowsIsRefused() {
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).putArray("shape").add(1L << 62).add(8)), "decoder.bias's shape [4611686018427387904, 8] overflows");
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).putArray("shape").add(-1)), "shape[0] is -1, not a non-negative integer");
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).putArray("shape").add(1.5)), "shape[0] is 1.5");
    }

    @Test
    void offsetsMustLieInsideTheDataSection() {
        long data = VALID.length - 8 - ByteBuffer.wrap(VALID).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).putArray("data_offsets").add(data).add(data + 52)),
                "decoder.bias ends at byte " + (data + 52) + " of a data section of " + data + " bytes");
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).putArray("data_offsets").add(52).add(0)), "the end is before the begin");
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).putArray("data_offsets").add(0)), "needs data_offsets as an array of 2 integers");
    }

    @Test
    void tensorsMustNotOverlap() {
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).putArray("data_offsets").add(0).add(52)), "overlaps the tensor before it");
    }

    @Test
    void tensorsMustCoverTheDataSectionWithoutGapsOrLeftovers() {
        RawFile f = valid();
        refused(RawFile.assemble(RawFile.JSON.writeValueAsBytes(f.header()), Arrays.copyOf(f.data(), f.data().length + 4)),
                "the data section has " + (f.data().length + 4) + " bytes but its tensors cover " + f.data().length);
        ObjectNode h = f.header();
        ((ObjectNode) h.get("embedding.weight")).putArray("data_offsets").add(4).add(4 + 260);
        refused(RawFile.assemble(RawFile.JSON.writeValueAsBytes(h), f.data()), "unused bytes 0 to 4 before tensor embedding.weight");
    }

    @Test
    void anUnknownMemberOfATensorIsRefused() {
        refused(header(h -> ((ObjectNode) h.get("decoder.bias")).put("stride", "1")), "decoder.bias has an unknown member stride");
    }

    // ---- the tensors against the metadata

    @Test
    void anUnknownTensorIsNamed() {
        RawFile f = valid();
        f.tensors.put("rnn.weight_ih_l0_reverse", f.tensors.get("rnn.weight_ih_l0"));
        refused(f.bytes(), "unknown tensors [rnn.weight_ih_l0_reverse] for a lstm of 2 layers");
    }

    @Test
    void aMissingTensorIsNamed() {
        RawFile f = valid();
        f.tensors.remove("rnn.bias_hh_l1");
        refused(f.bytes(), "has 11 tensors; the file has 10, missing [rnn.bias_hh_l1]");
    }

    @Test
    void aShapeOtherThanTheMetadataImpliesIsRefused() {
        RawFile f = valid();
        f.metadata.put("hidden_size", "7");
        refused(f.bytes(), "tensor rnn.weight_ih_l0 is [24, 5] but a lstm with hidden_size 7 needs [28, 5]");
    }

    @Test
    void theVocabularyMustHaveOneTokenPerDecoderRow() {
        RawFile f = valid();
        f.metadata.put("vocabulary", "[\"a\", \"b\"]");
        refused(f.bytes(), "embedding.weight is [13, 5] but a lstm with hidden_size 6 needs [2, 5] (the vocabulary has 2 tokens)");
        RawFile g = RawFile.of(Models.export(Models.random(CellType.GRU, 1, 0, Precision.FLOAT32, 1)));
        g.metadata.put("vocabulary", "[\"a\", \"b\"]");
        refused(g.bytes(), "rnn.weight_ih_l0 is [18, 13] but a gru with hidden_size 6 needs [18, 2] (a one-hot input is V = 2 wide)");
    }

    @Test
    void aLayerCountOutOfBoundsOrNotMatchingTheTensorsIsRefusedAtOnce() {
        RawFile f = valid();
        f.metadata.put("layers", "2000000000");
        refused(f.bytes(), "metadata layers is '2000000000'; an integer from 1 to 1000");
        f.metadata.put("layers", "999");
        refused(f.bytes(), "the metadata describes a lstm of 999 layers, which has 3999 tensors; the file has 11");
    }

    @Test
    void theTensorsMustShareOneDtype() {
        RawFile f = valid();
        RawFile.Tensor b = f.tensors.get("decoder.bias");
        f.tensors.put("decoder.bias", new RawFile.Tensor("F64", b.shape(), new byte[13 * 8]));
        refused(f.bytes(), "the tensors mix dtypes [F32, F64]");
    }

    @Test
    void theMetadataIsChecked() {
        for (String[] c : new String[][] {
                {"cell", "transformer", "metadata cell is 'transformer'; one of rnn, gru, lstm"},
                {"input", "bytes", "metadata input is 'bytes'; one of one_hot, embedding"},
                {"charlm.precision", "float64", "metadata charlm.precision is float64 but the tensors are F32"},
                {"charlm.embedding_size", "4", "metadata charlm.embedding_size is 4 but embedding.weight is [13, 5]"},
                {"charlm.colour", "red", "metadata charlm.colour is not a metadata key CharLM knows"},
                {"charlm.line_mode", "yes", "metadata charlm.line_mode is 'yes'; true or false"},
                {"charlm.dropout", "1.5", "metadata charlm.dropout must be in [0, 1)"},
                {"vocabulary", "[\"ab\"]", "metadata vocabulary token 0 is \"ab\"; each token is one character, or <unk>"},
                {"vocabulary", "[\"a\", \"a\"]", "metadata vocabulary token 1 (\"a\") appears twice"},
                {"vocabulary", "{}", "metadata vocabulary must be a non-empty JSON array"},
                {"vocabulary", "[", "metadata vocabulary is not a JSON array of strings"}}) {
            RawFile f = valid();
            f.metadata.put(c[0], c[1]);
            refused(f.bytes(), c[2]);
        }
        RawFile f = valid();
        f.metadata.remove("cell");
        refused(f.bytes(), "the metadata (__metadata__) has no cell");
        RawFile g = valid();
        g.metadata.put("charlm.line_mode", "true");
        g.metadata.put("charlm.join_lines", "true");
        refused(g.bytes(), "the metadata's text options: lineMode and joinLines exclude each other");
    }

    // ---- files as PyTorch writes them

    @Test
    void pyTorchsSecondBiasIsAddedToCharLmsOneAndGivesPyTorchsLogits() {
        for (CellType cell : List.of(CellType.RNN, CellType.LSTM, CellType.GRU)) {
            RawFile f = RawFile.of(Models.export(Models.random(cell, 2, 0, Precision.FLOAT32, 9)));
            for (int l = 0; l < 2; l++) {
                float[] bhh = f.floats("rnn.bias_hh_l" + l);
                int keep = cell == CellType.GRU ? bhh.length * 2 / 3 : bhh.length;   // a GRU's b_hn stays 0
                for (int i = 0; i < keep; i++) {
                    bhh[i] = 0.25f * (i % 5) - 0.5f;
                }
                f.setFloats("rnn.bias_hh_l" + l, bhh);
            }
            byte[] file = f.bytes();
            LanguageModel m = Models.importBytes(file).model();
            List<double[]> charlm = GoldenFiles.logits(m, SafetensorsRoundTripTest.INPUT);
            List<double[]> torch = new PyTorchReference(file).logits(m.encode(SafetensorsRoundTripTest.INPUT));
            for (int t = 0; t < charlm.size(); t++) {
                for (int v = 0; v < charlm.get(t).length; v++) {
                    assertThat(charlm.get(t)[v]).as("%s logit %d after token %d", cell, v, t).isCloseTo(torch.get(t)[v], within(2e-5));
                }
            }
        }
    }

    @Test
    void aGruWithANonzeroBhnCannotBeRepresentedAndSaysSo() {
        RawFile f = RawFile.of(Models.export(Models.random(CellType.GRU, 1, 0, Precision.FLOAT32, 9)));
        float[] bhh = f.floats("rnn.bias_hh_l0");
        bhh[2 * 6 + 3] = 0.1f;
        f.setFloats("rnn.bias_hh_l0", bhh);
        refused(f.bytes(), "tensor rnn.bias_hh_l0 has b_hn[3] = 0.10000000149011612", "CharLM's GRU has no such bias");
    }

    @Test
    void halfAndBfloat16FilesWidenExactlyToFloat32() {
        for (String dtype : List.of("F16", "BF16")) {
            RawFile f = valid();
            f.tensors.replaceAll((name, t) -> {
                float[] v = new float[t.data().length / 4];
                ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < v.length; i++) {
                    b.putShort((short) (dtype.equals("F16") ? 0x3C00 + i % 7 : 0x3F80 + i % 7));   // 1 + k·2^-10, 1 + k·2^-7
                }
                return new RawFile.Tensor(dtype, t.shape(), b.array());
            });
            LanguageModel m = Models.importBytes(f.bytes()).model();
            assertThat(m.weights().precision()).isEqualTo(Precision.FLOAT32);
            double step = dtype.equals("F16") ? 0x1p-10 : 0x1p-7;
            assertThat(m.weights().bq().get(3)).isEqualTo(1 + 3 * step);
        }
        assertThat(Dtype.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Dtype.halfToFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(Dtype.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Dtype.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void aFileWithoutCharLmsKeysTakesTheDefaults() {
        RawFile f = valid();
        f.metadata.keySet().removeIf(k -> k.startsWith("charlm.") || k.equals("format"));
        SafetensorsImport.Imported m = Models.importBytes(f.bytes());
        assertThat(m.model().config()).isEqualTo(LSTM.config());
        assertThat(m.config().text().lineMode()).isFalse();
    }
}
