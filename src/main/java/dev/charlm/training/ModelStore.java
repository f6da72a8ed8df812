package dev.charlm.training;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Models on disk, one directory each under {@code <data-dir>/models/<id>/}: {@code job.json} (the job),
 * {@code history.json} (its log) and {@code model.clm} (the latest checkpoint). Every file is replaced
 * atomically; a checkpoint's model file before the job and history that name it, so after a kill the job
 * can lag its model file by one checkpoint, never lead it ({@link JobRestore} corrects the job).
 */
@Component
public class ModelStore {

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    static final String JOB = "job.json";
    static final String HISTORY = "history.json";
    static final String MODEL = "model.clm";

    private final Path root;
    private final JsonMapper json;

    ModelStore(CharLmProperties properties, JsonMapper json) {
        this.root = properties.dataDir().resolve("models");
        // files written by another version may carry fields this one does not know
        this.json = json.rebuild().disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        try {
            Files.createDirectories(root);
            removeLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    /** What a killed service left half-done: temporary files of atomic writes, and deletions under way. */
    private void removeLeftovers() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (d.getFileName().toString().startsWith(".deleted-")) {
                    deleteTree(d);
                } else {
                    AtomicFiles.removeLeftovers(d);
                }
            }
        }
    }

    /** Every readable job record; a directory whose job.json cannot be read is logged and skipped. */
    List<JobRecord> records() {
        List<JobRecord> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                Path f = d.resolve(JOB);
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    out.add(json.readValue(f.toFile(), JobRecord.class));
                } catch (RuntimeException e) {
                    LOG.warn("Skipping model directory {}: its job.json cannot be read ({})", d, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    History.Snapshot history(String id) {
        Path f = root.resolve(id).resolve(HISTORY);
        if (!Files.isRegularFile(f)) {
            return History.Snapshot.EMPTY;
        }
        try {
            return json.readValue(f.toFile(), History.Snapshot.class);
        } catch (RuntimeException e) {
            LOG.warn("History of model {} cannot be read ({}); starting an empty one", id, e.getMessage());
            return History.Snapshot.EMPTY;
        }
    }

    void save(TrainingJob job) {
        try {
            AtomicFiles.write(root.resolve(job.id()).resolve(JOB), json.writeValueAsBytes(job.record()));
            AtomicFiles.write(root.resolve(job.id()).resolve(HISTORY), json.writeValueAsBytes(job.history().snapshot()));
        } catch (IOException e) {
            throw new UncheckedIOException("saving model " + job.id(), e);
        }
    }

    /** Replaces the model file; a failed write leaves the previous one and throws {@link CheckpointWriteException}. */
    void writeCheckpoint(String id, Checkpoint checkpoint) {
        try {
            ModelFile.write(modelFile(id), checkpoint);
        } catch (IOException e) {
            throw new CheckpointWriteException(checkpoint.state().step(), e);
        }
    }

    Checkpoint readCheckpoint(String id) {
        try {
            return ModelFile.read(modelFile(id));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the checkpoint of model " + id, e);
        }
    }

    /**
     * The step of the model's checkpoint, from the model file's header alone; empty when there is no file,
     * or when its header cannot be read (logged: resuming reads the whole file and says what is wrong).
     */
    OptionalLong checkpointStep(String id) {
        Path f = modelFile(id);
        if (!Files.isRegularFile(f)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(ModelFile.readStep(f));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The model file of {} cannot be read ({}); keeping the checkpoint step its job.json says", id, e.getMessage());
            return OptionalLong.empty();
        }
    }

    boolean hasCheckpoint(String id) {
        return Files.isRegularFile(modelFile(id));
    }

    public Path modelFile(String id) {
        return root.resolve(id).resolve(MODEL);
    }

    /** Removes a model's directory: renamed away first, so it is gone at once even if deleting is slow. */
    void delete(String id) {
        Path dir = root.resolve(id);
        if (!Files.exists(dir)) {
            return;
        }
        Path trash = root.resolve(".deleted-" + id + "-" + UUID.randomUUID());
        try {
            Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(trash);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting model " + id, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
