package dev.charlm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.engine.train.Trainer;
import dev.charlm.engine.train.FlatConfig;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingListener;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile model files made from a real one: every one is refused with an {@link InvalidModelFileException}
 * that says what is wrong, quickly, and before anything the header claims is allocated (never an
 * OutOfMemoryError, a hang, a NegativeArraySizeException or an index exception). Headers are edited as
 * JSON and the checksum recomputed, so that the shape checks themselves are exercised.
 */
class ModelFileFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int HEADER_AT = 16;   // magic (8), version (4), header length (4)

    static byte[] file;
    static ModelConfig model;

    @BeforeAll
    static void writeASmallModel() {
        FlatConfig b = new FlatConfig(TrainingConfig.defaults());
        b.cell = CellType.LSTM;   // the cell that carries cell state
        b.hiddenSize = 16;
        b.seqLength = 10;
        b.batchSize = 3;
        b.maxSteps = 4;
        b.valFraction = 0;
        b.optimizer = OptimizerConfig.of(OptimizerType.ADAM, 1e-2);
        TrainingConfig c = b.build();
        EncodedCorpus corpus = EncodedCorpus.encode("分开 不分开 我想要你的微笑 ".repeat(30).getBytes(StandardCharsets.UTF_8), c.text());
        AtomicReference<Checkpoint> cp = new AtomicReference<>();
        try (Trainer t = Trainer.start(c, corpus, Map.of())) {
            t.run(new TrainingListener() {
                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    cp.set(checkpoint);
                }
            }, () -> false);
        }
        model = cp.get().model();
        file = ModelFile.toBytes(cp.get());
        assertThat(file.length).as("the truncation sweep reaches into the tensors").isGreaterThan(4096);
    }

    private static int headerLength(byte[] f) {
        return ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    }

    private static ObjectNode header() {
        return (ObjectNode) JSON.readTree(Arrays.copyOfRange(file, HEADER_AT, HEADER_AT + headerLength(file)));
    }

    private static byte[] data() {
        return Arrays.copyOfRange(file, HEADER_AT + headerLength(file), file.length - 4);
    }

    /** A well-formed file (magic, version, lengths, checksum) around this header and tensor data. */
    private static byte[] assemble(JsonNode header, byte[] data) {
        byte[] json = JSON.writeValueAsBytes(header);
        ByteBuffer out = ByteBuffer.allocate(HEADER_AT + json.length + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, 12).putInt(json.length).put(json).put(data);
        return withChecksum(out.array());
    }

    private static byte[] withChecksum(byte[] f) {
        CRC32C crc = new CRC32C();
        crc.update(f, 0, f.length - 4);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(f.length - 4, (int) crc.getValue());
        return f;
    }

    private static byte[] edited(Consumer<ObjectNode> edit) {
        ObjectNode h = header();
        edit.accept(h);
        return assemble(h, data());
    }

    private static ObjectNode tensor(ObjectNode h, String name) {
        for (JsonNode t : h.get("tensors")) {
            if (t.get("name").asString().equals(name)) {
                return (ObjectNode) t;
            }
        }
        throw new AssertionError("no tensor " + name);
    }

    /** Refused within a few seconds with an InvalidModelFileException whose message has every fragment. */
    private static void assertRefused(byte[] f, String... fragments) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> ModelFile.fromBytes(f))
                    .isInstanceOf(InvalidModelFileException.class)
                    .message().isNotBlank().contains(fragments);
        });
    }

    @Test
    void theUneditedFileReads() {
        assertThat(ModelFile.fromBytes(assemble(header(), data())).model()).isEqualTo(model);
    }

    @Test
    void aFileCutAtAnyOfItsFirst4096BytesIsRefused() {
        for (int length = 0; length <= Math.min(4096, file.length - 1); length++) {
            byte[] cut = Arrays.copyOf(file, length);
            try {
                ModelFile.fromBytes(cut);
                fail("a file cut to " + length + " bytes was read");
            } catch (InvalidModelFileException e) {
                assertThat(e.getMessage()).as("cut to %d bytes", length)
                        .contains("truncated");
            } catch (RuntimeException | Error e) {
                throw new AssertionError("a file cut to " + length + " bytes threw " + e, e);
            }
        }
    }

    @Test
    void aWrongChecksumIsRefused() {
        byte[] f = file.clone();
        f[f.length - 1] ^= 1;
        assertRefused(f, "checksum mismatch");
        byte[] g = file.clone();
        g[HEADER_AT + headerLength(file) + 3] ^= 0x40;   // a weight's byte
        assertRefused(g, "checksum mismatch");
    }

    @Test
    void aHeaderLengthPastTheEndOrNegativeIsRefused() {
        for (int length : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, file.length}) {
            byte[] f = file.clone();
            ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(12, length);
            assertRefused(f, "header says " + length + " bytes");
        }
    }

    @Test
    void hugeModelShapesAreRefusedBeforeAnythingIsAllocated() {
        for (String field : new String[] {"layers", "hiddenSize"}) {
            for (int huge : new int[] {Integer.MAX_VALUE, 1 << 20, 50_000}) {
                assertRefused(edited(h -> {
                    ((ObjectNode) h.get("model")).put(field, huge);
                    ((ObjectNode) h.get("config")).put(field, huge);
                }), "model", "parameters", "values");
            }
        }
        assertRefused(edited(h -> {
            ((ObjectNode) h.get("model")).put("embeddingSize", Integer.MAX_VALUE);
            ((ObjectNode) h.get("config")).put("embeddingSize", Integer.MAX_VALUE);
        }), "model", "parameters", "values");
        assertRefused(edited(h -> ((ObjectNode) h.get("model")).put("vocabSize", Integer.MAX_VALUE)), "vocabulary");
        assertRefused(edited(h -> ((ObjectNode) h.get("model")).put("hiddenSize", -5)), "unreadable header");
    }

    @Test
    void tensorSizesPastTheEndOrNegativeAreRefused() {
        assertRefused(edited(h -> tensor(h, "weights").put("cols", Integer.MAX_VALUE)), "tensor weights", "bytes");
        assertRefused(edited(h -> tensor(h, "weights").put("rows", Integer.MAX_VALUE).put("cols", Integer.MAX_VALUE)),
                "tensor weights", "bytes");
        assertRefused(edited(h -> tensor(h, "best").put("rows", -1)), "tensor best", "negative");
        // sizes that still add up to the file's length: one tensor claims another's bytes
        assertRefused(edited(h -> {
            int p = tensor(h, "best").get("cols").asInt();
            tensor(h, "best").put("cols", p + 10);
            tensor(h, "weights").put("cols", p - 10);
        }), "tensor weights has");
        // a negative size cancelling a larger one
        assertRefused(edited(h -> {
            int p = tensor(h, "best").get("cols").asInt();
            tensor(h, "best").put("cols", 3 * p);
            tensor(h, "weights").put("rows", -1);
        }), "tensor weights", "negative");
    }

    @Test
    void malformedTensorEntriesAreRefused() {
        assertRefused(edited(h -> ((ArrayNode) h.get("tensors")).insertNull(0)), "tensor entry");
        assertRefused(edited(h -> tensor(h, "weights").remove("name")), "tensor entry");
        assertRefused(edited(h -> ((ArrayNode) h.get("tensors")).removeAll()), "longer than its header says");
    }

    @Test
    void missingCellStateIsRefused() {
        ObjectNode h = header();
        ArrayNode tensors = (ArrayNode) h.get("tensors");
        int cellBytes = 0;
        for (int i = tensors.size() - 1; i >= 0; i--) {
            if (tensors.get(i).get("name").asString().startsWith("state.cell.")) {
                cellBytes += tensors.get(i).get("rows").asInt() * tensors.get(i).get("cols").asInt() * 4;
                tensors.remove(i);
            }
        }
        assertThat(cellBytes).as("an LSTM file carries its cell state").isPositive();
        byte[] d = data();
        assertRefused(assemble(h, Arrays.copyOf(d, d.length - cellBytes)), "cell state");
    }

    @Test
    void aBadVocabularyIsRefused() {
        assertRefused(edited(h -> ((ArrayNode) h.get("vocabularyCodePoints")).set(0, 0x110000)), "vocabulary", "code point");
        assertRefused(edited(h -> ((ArrayNode) h.get("vocabularyCounts")).set(0, -3)), "vocabulary", "count");
        assertRefused(edited(h -> ((ArrayNode) h.get("vocabularyCounts")).remove(0)), "vocabulary");
    }
}
