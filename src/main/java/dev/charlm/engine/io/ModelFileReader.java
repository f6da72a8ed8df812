package dev.charlm.engine.io;

import static dev.charlm.engine.io.ModelFile.MAGIC;
import static dev.charlm.engine.io.ModelFile.VERSION;

import dev.charlm.engine.train.Checkpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads {@link ModelFile}s defensively: checks the magic number, then hands the file to the reader of
 * its format version (one reader per version; only {@link ModelFileV1Reader} exists), which checks
 * lengths, checksum and every shape against the bytes the file holds before anything is allocated.
 * Each failure says in words what is wrong ({@link InvalidModelFileException}), never an out-of-memory
 * error or an index exception.
 */
final class ModelFileReader {

    private ModelFileReader() {
    }

    static Checkpoint read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidModelFileException(file + ": no such model file");
        }
        try {
            return fromBytes(bytes);
        } catch (InvalidModelFileException e) {
            throw new InvalidModelFileException(file.getFileName() + ": " + e.getMessage());
        }
    }

    /**
     * The step of the training state in the file's header, read from the header alone (no tensors, no
     * checksum): cheap enough to check every model at start-up. {@link #read} still checks the whole file.
     */
    static long readStep(Path file) throws IOException {
        long size = Files.size(file);
        try (var in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(ModelFileV1Reader.PREFIX);
            int version = version(prefix, size);
            return switch (version) {
                case 1 -> ModelFileV1Reader.readStep(prefix, size, in);
                default -> throw unsupported(version);
            };
        } catch (InvalidModelFileException e) {
            throw new InvalidModelFileException(file.getFileName() + ": " + e.getMessage());
        }
    }

    static Checkpoint fromBytes(byte[] bytes) {
        int version = version(bytes, bytes.length);
        return switch (version) {
            case 1 -> ModelFileV1Reader.fromBytes(bytes);
            default -> throw unsupported(version);
        };
    }

    /**
     * The format version, once {@code prefix} (the file's first bytes, as many as it has up to the
     * header) starts with the magic number and the file of {@code size} bytes can hold a model file at
     * all. The one check of the prefix, for a whole file and for the header alone.
     */
    private static int version(byte[] prefix, long size) {
        int n = prefix.length;
        if (n < MAGIC.length && Arrays.equals(prefix, 0, n, MAGIC, 0, n)) {
            throw new InvalidModelFileException("file is truncated: " + size + " bytes, within the magic number");
        }
        if (n < MAGIC.length || !Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new InvalidModelFileException("not a CharLM model file (bad magic number)");
        }
        if (size < MAGIC.length + 8 + 4 || n < MAGIC.length + 8) {
            throw new InvalidModelFileException("file is truncated: " + size + " bytes, shorter than any model file");
        }
        return ByteBuffer.wrap(prefix, MAGIC.length, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static InvalidModelFileException unsupported(int version) {
        return new InvalidModelFileException("format version " + version + " is not supported (this CharLM reads version "
                + VERSION + (version > VERSION ? "; upgrade CharLM to read it)" : ")"));
    }
}
