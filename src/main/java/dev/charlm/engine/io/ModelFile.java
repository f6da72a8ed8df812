package dev.charlm.engine.io;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Storage;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.train.Checkpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CharLM model file, one per checkpoint:
 * <pre>
 *   8 bytes   magic 0x89 'C' 'L' 'M' '\r' '\n' 0x1A '\n' (catches text-mode transfers, like PNG's)
 *   u32 LE    format version (1)
 *   u32 LE    header length n
 *   n bytes   JSON header: config, model shape, vocabulary, training state, optimizer, tensor list, metadata
 *   tensors   in header order, row-major, little-endian float32 or float64 (the model's precision)
 *   u32 LE    CRC-32C of every byte before it
 * </pre>
 * Written to a temporary file in the same directory, forced to disk, then renamed over the target, so
 * a reader sees the old file or the new one, never half of one. Reading checks magic, version,
 * length, checksum and every shape, and says what is wrong in words.
 */
public final class ModelFile {

    public static final int VERSION = 1;
    static final byte[] MAGIC = {(byte) 0x89, 'C', 'L', 'M', '\r', '\n', 0x1A, '\n'};
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ModelFile() {
    }

    // ------------------------------------------------------------------------------------------ write

    /** Writes {@code cp} to {@code target} atomically ({@link AtomicWrite}): readers see the old file or the new one. */
    public static void write(Path target, Checkpoint cp) throws IOException {
        AtomicWrite.write(target, toBytes(cp));
    }

    public static byte[] toBytes(Checkpoint cp) {
        Precision precision = cp.weights().precision();
        List<HeaderV1.TensorV1> entries = new ArrayList<>();
        List<Storage> data = new ArrayList<>();
        int p = cp.weights().size();
        entries.add(new HeaderV1.TensorV1("weights", 1, p));
        data.add(cp.weights().storage());
        entries.add(new HeaderV1.TensorV1("best", 1, p));
        data.add(cp.best().storage());
        for (var m : cp.optimizerMoments().entrySet()) {
            entries.add(new HeaderV1.TensorV1("optimizer." + m.getKey(), 1, p));
            data.add(m.getValue());
        }
        List<Tensor> views = new ArrayList<>();
        for (int l = 0; l < cp.carried().hidden().size(); l++) {
            Tensor t = cp.carried().hidden().get(l);
            entries.add(new HeaderV1.TensorV1("state.hidden." + l, t.rows, t.cols));
            views.add(t);
        }
        for (int l = 0; l < cp.carried().cell().size(); l++) {
            Tensor t = cp.carried().cell().get(l);
            entries.add(new HeaderV1.TensorV1("state.cell." + l, t.rows, t.cols));
            views.add(t);
        }
        HeaderV1 header = new HeaderV1(new HeaderV1.Stamp(VERSION, Instant.now().toString(), precision),
                ConfigV1.of(cp.config()), HeaderV1.ShapeV1.of(cp.model()), HeaderV1.VocabularyV1.of(cp.vocabulary()),
                HeaderV1.StateV1.of(cp.state()), cp.optimizerSteps(), entries, cp.metadata());
        byte[] json = JSON.writeValueAsBytes(header);
        long tensorBytes = 0;
        for (HeaderV1.TensorV1 e : entries) {
            tensorBytes += (long) e.rows() * e.cols() * precision.bytes();
        }
        long total = MAGIC.length + 8 + json.length + tensorBytes + 4;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model of " + total + " bytes is too large for one file");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).putInt(json.length).put(json);
        for (Storage s : data) {
            for (int i = 0; i < s.size(); i++) {
                put(out, precision, s.get(i));
            }
        }
        for (Tensor t : views) {
            for (int i = 0; i < t.size(); i++) {
                put(out, precision, t.get(i));
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    private static void put(ByteBuffer out, Precision precision, double v) {
        if (precision == Precision.FLOAT32) {
            out.putFloat((float) v);
        } else {
            out.putDouble(v);
        }
    }

    // ------------------------------------------------------------------------------------------ read

    /** The checkpoint in {@code file}, every part of it checked (see {@link ModelFileReader}). */
    public static Checkpoint read(Path file) throws IOException {
        return ModelFileReader.read(file);
    }

    /** The training state's step, from the header alone: cheap enough for every model at start-up. */
    public static long readStep(Path file) throws IOException {
        return ModelFileReader.readStep(file);
    }

    public static Checkpoint fromBytes(byte[] bytes) {
        return ModelFileReader.fromBytes(bytes);
    }
}
