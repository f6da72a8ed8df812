package dev.charlm.training;

import dev.charlm.storage.AtomicFiles;
import dev.charlm.storage.EmbeddedStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs as files in their model's directory ({@link ModelDirectories}): {@code job.json} (the {@link JobRecord})
 * and {@code history.json}, each replaced atomically. The runner writes a checkpoint's model file before the
 * record that names it, so after a kill a record can lag its model file by one checkpoint, never lead it
 * ({@link JobRestore} corrects the record).
 */
@Component
@EmbeddedStorage
class FileJobRepository implements JobRepository {

    private static final Logger LOG = LoggerFactory.getLogger(FileJobRepository.class);
    static final String JOB = "job.json";
    static final String HISTORY = "history.json";

    private final ModelDirectories dirs;
    private final JsonMapper json;

    FileJobRepository(ModelDirectories dirs, JsonMapper json) {
        this.dirs = dirs;
        // files written by another version may carry fields this one does not know
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** The lease is not checked: in embedded mode one process trains every job. */
    @Override
    public void save(JobRecord record, History.Snapshot history, long lease) {
        Path dir = dirs.of(record.id());
        try {
            AtomicFiles.write(dir.resolve(JOB), json.writeValueAsBytes(record));
            AtomicFiles.write(dir.resolve(HISTORY), json.writeValueAsBytes(history));
        } catch (IOException e) {
            throw new UncheckedIOException("saving model " + record.id(), e);
        }
    }

    @Override
    public List<JobRecord> findAll() {
        List<JobRecord> out = new ArrayList<>();
        for (Path d : dirs.all()) {
            read(d).ifPresent(out::add);
        }
        out.sort(Comparator.comparing((JobRecord r) -> r.times().createdAt(), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(JobRecord::id));
        return out;
    }

    @Override
    public Optional<JobRecord> find(String id) {
        return read(dirs.of(id));
    }

    /** The record in a directory; a job.json that cannot be read is logged and skipped. */
    private Optional<JobRecord> read(Path dir) {
        Path f = dir.resolve(JOB);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(f.toFile(), JobRecord.class));
        } catch (RuntimeException e) {
            LOG.warn("Skipping model directory {}: its job.json cannot be read ({})", dir, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public History.Snapshot history(String id) {
        Path f = dirs.of(id).resolve(HISTORY);
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

    /** Removes the model's directory, and with it the model file that {@link FileCheckpointStore} keeps there. */
    @Override
    public void delete(String id) {
        dirs.delete(id);
    }
}
