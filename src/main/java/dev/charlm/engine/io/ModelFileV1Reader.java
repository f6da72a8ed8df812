package dev.charlm.engine.io;

import static dev.charlm.engine.io.ModelFile.JSON;
import static dev.charlm.engine.io.ModelFile.MAGIC;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Storage;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.Vocabulary;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads version 1 of the {@link ModelFile} format, after {@link ModelFileReader} has checked the magic
 * number and chosen this reader by the version: the header length, every tensor size against the bytes
 * the file holds (before anything is allocated) and the checksum, then the header's {@link HeaderV1}
 * converted to the engine's records. Each failure says in words what is wrong.
 */
final class ModelFileV1Reader {

    /** Magic, version, header length. */
    static final int PREFIX = MAGIC.length + 8;

    private ModelFileV1Reader() {
    }

    /** The header length in {@code prefix} (the file's first {@link #PREFIX} bytes), checked against the file's size. */
    static int headerLength(byte[] prefix, long size) {
        int headerLength = ByteBuffer.wrap(prefix, MAGIC.length + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (headerLength < 2 || (long) PREFIX + headerLength + 4 > size) {
            throw new InvalidModelFileException("file is truncated: the header says " + headerLength
                    + " bytes of JSON but the file has " + size + " bytes in all");
        }
        return headerLength;
    }

    /** The training state's step, from the header that follows {@code prefix} in {@code in}. */
    static long readStep(byte[] prefix, long size, InputStream in) throws IOException {
        int headerLength = headerLength(prefix, size);
        JsonNode step;
        try {
            step = JSON.readTree(in.readNBytes(headerLength)).path("state").path("step");
        } catch (JacksonException e) {
            throw new InvalidModelFileException("unreadable header: " + e.getMessage());
        }
        if (!step.isIntegralNumber()) {
            throw new InvalidModelFileException("the header has no training state step");
        }
        return step.longValue();
    }

    static Checkpoint fromBytes(byte[] bytes) {
        int headerLength = headerLength(bytes, bytes.length);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        boolean intact = (int) crc.getValue() == stored;
        HeaderV1 h;
        try {
            h = JSON.readValue(bytes, PREFIX, headerLength, HeaderV1.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw unreadable(intact, e);
        }
        if (h.tensors() == null || h.stamp() == null || h.stamp().precision() == null || h.model() == null
                || h.config() == null || h.state() == null || h.vocabulary() == null
                || h.vocabulary().vocabularyCodePoints() == null || h.vocabulary().vocabularyCounts() == null) {
            throw new InvalidModelFileException("the header lacks a required field");
        }
        Precision precision = h.stamp().precision();
        long expected = expectedWithoutTensors(headerLength);
        for (HeaderV1.TensorV1 e : h.tensors()) {
            // each size checked on its own, so no product overflows and no negative one cancels a larger one
            if (e == null || e.name() == null) {
                throw new InvalidModelFileException("a tensor entry of the header has no name: " + e);
            }
            if (e.rows() < 0 || e.cols() < 0) {
                throw new InvalidModelFileException("tensor " + e.name() + " has a negative shape " + e.rows() + "x" + e.cols());
            }
            long count = (long) e.rows() * e.cols();   // below 2^62, but not once multiplied by 8
            long size = count * precision.bytes();
            if (count > bytes.length || size > bytes.length) {
                throw new InvalidModelFileException("file is truncated or its header is wrong: tensor " + e.name() + " is "
                        + e.rows() + "x" + e.cols() + ", " + count + " values, more than the file's " + bytes.length + " bytes hold");
            }
            expected += size;
        }
        if (expected != bytes.length) {
            throw new InvalidModelFileException("file is " + (bytes.length < expected ? "truncated" : "longer than its header says")
                    + ": expected " + expected + " bytes, found " + bytes.length);
        }
        if (!intact) {
            throw new InvalidModelFileException(String.format("checksum mismatch (stored %08x, computed %08x): the file is corrupted",
                    stored, (int) crc.getValue()));
        }
        ModelConfig model;
        try {
            model = h.model().toModel();
        } catch (IllegalArgumentException e) {
            throw unreadable(true, e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return assemble(h, model, in.position(PREFIX + headerLength),
                (bytes.length - expectedWithoutTensors(headerLength)) / precision.bytes());
    }

    /** A header Jackson or a record refused: a corrupted file when the checksum says so, else a header we cannot read. */
    private static InvalidModelFileException unreadable(boolean intact, RuntimeException e) {
        return new InvalidModelFileException(intact ? "unreadable header: " + e.getMessage()
                : "checksum mismatch: the file is corrupted or truncated");
    }

    private static long expectedWithoutTensors(int headerLength) {
        return (long) PREFIX + headerLength + 4;
    }

    /** @param values how many numbers the file's tensors hold in all, which bounds every shape in the header */
    private static Checkpoint assemble(HeaderV1 h, ModelConfig model, ByteBuffer in, long values) {
        Precision precision = h.stamp().precision();
        int[] codePoints = h.vocabulary().vocabularyCodePoints();
        long[] counts = h.vocabulary().vocabularyCounts();
        Vocabulary vocab;
        for (int i = 0; i < codePoints.length; i++) {
            int cp = codePoints[i];
            if (cp != Vocabulary.UNK && !Character.isValidCodePoint(cp)) {
                throw new InvalidModelFileException("bad vocabulary: token " + i + " has code point " + cp + ", not a Unicode one");
            }
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new InvalidModelFileException("bad vocabulary: token " + i + " has a negative count " + counts[i]);
            }
        }
        try {
            vocab = new Vocabulary(codePoints, counts);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelFileException("bad vocabulary: " + e.getMessage());
        }
        if (vocab.size() != model.vocabSize()) {
            throw new InvalidModelFileException("the vocabulary has " + vocab.size() + " tokens but the model expects " + model.vocabSize());
        }
        TrainingConfig c = h.config().toConfig();
        if (c == null) {
            throw new InvalidModelFileException("the header lacks a required field");
        }
        if (c.model().cell() != model.cell() || c.model().layers() != model.layers() || c.model().hiddenSize() != model.hiddenSize()
                || c.model().embeddingSize() != model.embeddingSize() || c.model().dropout() != model.dropout()) {
            throw new InvalidModelFileException("the header's training config and model shape disagree");
        }
        int p = parameterCount(model, values);
        Parameters weights = Parameters.zeros(model, precision);
        Parameters best = Parameters.zeros(model, precision);
        Map<String, Storage> moments = new LinkedHashMap<>();
        List<Tensor> hidden = new ArrayList<>();
        List<Tensor> cell = new ArrayList<>();
        boolean sawWeights = false;
        boolean sawBest = false;
        for (HeaderV1.TensorV1 e : h.tensors()) {
            String name = e.name();
            if (name.equals("weights") || name.equals("best") || name.startsWith("optimizer.")) {
                if (e.rows() != 1 || e.cols() != p) {
                    throw new InvalidModelFileException("tensor " + name + " has " + ((long) e.rows() * e.cols())
                            + " values but a " + model.cell() + " " + model.layers() + "x" + model.hiddenSize() + " model has " + p);
                }
                Storage s = name.equals("weights") ? weights.storage() : name.equals("best") ? best.storage()
                        : Storage.allocate(precision, p);
                fill(in, precision, s, p);
                if (name.startsWith("optimizer.")) {
                    moments.put(name.substring("optimizer.".length()), s);
                }
                sawWeights |= name.equals("weights");
                sawBest |= name.equals("best");
            } else if (name.startsWith("state.hidden.") || name.startsWith("state.cell.")) {
                if (e.cols() != model.hiddenSize() || e.rows() < 1) {
                    throw new InvalidModelFileException("tensor " + name + " is " + e.rows() + "x" + e.cols()
                            + " but the hidden size is " + model.hiddenSize());
                }
                Tensor t = Tensor.zeros(precision, e.rows(), e.cols());
                fill(in, precision, t.storage(), t.size());
                (name.startsWith("state.hidden.") ? hidden : cell).add(t);
            } else {
                throw new InvalidModelFileException("unknown tensor " + name);
            }
        }
        if (!sawWeights || !sawBest) {
            throw new InvalidModelFileException("the file has no " + (sawWeights ? "best" : "weights") + " tensor");
        }
        if (hidden.size() != model.layers()) {
            throw new InvalidModelFileException("the file carries state for " + hidden.size() + " layers, the model has " + model.layers());
        }
        int cells = model.cell() == CellType.LSTM ? model.layers() : 0;
        if (cell.size() != cells) {
            throw new InvalidModelFileException("the file carries cell state for " + cell.size() + " layers, a "
                    + model.cell() + " model of " + model.layers() + " layers has " + cells);
        }
        TrainingState state = h.state().toState();
        if (state == null) {
            throw new InvalidModelFileException("the header lacks a required field");
        }
        return new Checkpoint(c, model, vocab, weights, best, new Checkpoint.OptimizerState(h.optimizerSteps(), moments), state,
                new Checkpoint.CarriedState(hidden, cell),
                h.metadata() == null ? Map.of() : h.metadata());
    }

    /**
     * The header's model's parameter count, once the file is known to hold that many values. The shape is
     * bounded by the file first (every layer has an H×H recurrent block, the output an H×V one, the lookup
     * a V×E one), so that neither the layout, whose length grows with the layers, nor the count overflows.
     */
    private static int parameterCount(ModelConfig m, long values) {
        long hh = (long) m.hiddenSize() * m.hiddenSize();
        boolean fits = m.hiddenSize() <= values && m.embeddingSize() <= values && m.vocabSize() <= values
                && hh <= values && m.layers() <= values / hh
                && (long) m.hiddenSize() * m.vocabSize() <= values && (long) m.vocabSize() * m.embeddingSize() <= values;
        long n = 0;
        if (fits) {
            for (Parameters.Shape shape : Parameters.layout(m)) {
                n += (long) shape.rows() * shape.cols();
            }
        }
        if (!fits || n > values) {
            throw new InvalidModelFileException("the header's model (" + m.cell() + ", " + m.layers() + " layers of "
                    + m.hiddenSize() + ", embedding " + m.embeddingSize() + ", vocabulary " + m.vocabSize()
                    + ") has more parameters than the file's " + values + " values");
        }
        return (int) n;
    }

    private static void fill(ByteBuffer in, Precision precision, Storage s, int n) {
        for (int i = 0; i < n; i++) {
            s.set(i, precision == Precision.FLOAT32 ? in.getFloat() : in.getDouble());
        }
    }
}
