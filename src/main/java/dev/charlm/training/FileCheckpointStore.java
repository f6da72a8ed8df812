package dev.charlm.training;

import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.storage.EmbeddedStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checkpoints as {@code model.clm} in their model's directory ({@link ModelDirectories}), written atomically by
 * {@link ModelFile#write}. A version is the file's size and modification time: a rename puts a new file, with
 * a new time, in place of the old one.
 */
@Component
@EmbeddedStorage
class FileCheckpointStore implements CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileCheckpointStore.class);
    static final String MODEL = "model.clm";
    /** Reads of a file replaced meanwhile are repeated this often before the last version read is taken. */
    private static final int READ_ATTEMPTS = 5;

    private final ModelDirectories dirs;

    FileCheckpointStore(ModelDirectories dirs) {
        this.dirs = dirs;
    }

    private Path file(String id) {
        return dirs.of(id).resolve(MODEL);
    }

    /** The lease is not checked: in embedded mode one process trains every job. */
    @Override
    public void write(String modelId, long lease, Checkpoint checkpoint) {
        try {
            ModelFile.write(file(modelId), checkpoint);
        } catch (IOException e) {
            throw new CheckpointWriteException(checkpoint.state().step(), e);
        }
    }

    /** Reads the file, and again if it was replaced while it was read, so the version names the bytes read. */
    @Override
    public Optional<StoredCheckpoint> read(String modelId) {
        Optional<CheckpointVersion> before = latest(modelId);
        for (int attempt = 1; before.isPresent(); attempt++) {
            Checkpoint cp;
            try {
                cp = ModelFile.read(file(modelId));
            } catch (IOException e) {
                throw new UncheckedIOException("reading the checkpoint of model " + modelId, e);
            }
            Optional<CheckpointVersion> after = latest(modelId);
            if (before.equals(after) || attempt == READ_ATTEMPTS) {
                return Optional.of(new StoredCheckpoint(after.orElse(before.get()), cp));
            }
            before = after;
        }
        return Optional.empty();
    }

    @Override
    public Optional<CheckpointVersion> latest(String modelId) {
        Path f = file(modelId);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(f, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + f, e);
        }
        if (!a.isRegularFile()) {
            return Optional.empty();
        }
        String tag = Long.toHexString(a.size()) + "-" + Long.toHexString(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        return Optional.of(new CheckpointVersion(tag, a.size(), a.lastModifiedTime().toInstant()));
    }

    @Override
    public OptionalLong step(String modelId) {
        Path f = file(modelId);
        if (!Files.isRegularFile(f)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(ModelFile.readStep(f));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The model file of {} cannot be read ({}); keeping the checkpoint step its job.json says", modelId, e.getMessage());
            return OptionalLong.empty();
        }
    }

    @Override
    public Optional<InputStream> open(String modelId) {
        Path f = file(modelId);
        try {
            return Optional.of(Files.newInputStream(f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + f, e);
        }
    }

    @Override
    public void delete(String modelId) {
        Path f = file(modelId);
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + f, e);
        }
    }
}
