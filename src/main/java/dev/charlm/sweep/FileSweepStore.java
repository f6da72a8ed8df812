package dev.charlm.sweep;

import dev.charlm.config.CharLmProperties;
import dev.charlm.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.charlm.storage.EmbeddedStorage;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sweeps as files, one {@code <data-dir>/sweeps/<id>.json} each, written atomically ({@link AtomicFiles}) and read
 * once at start-up; reads are served from memory. A file that cannot be read is logged and skipped.
 */
@Component
@EmbeddedStorage
class FileSweepStore implements SweepStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileSweepStore.class);

    private final Path root;
    private final JsonMapper json;
    private final Map<String, SweepRecord> sweeps = new ConcurrentHashMap<>();

    FileSweepStore(CharLmProperties properties, JsonMapper json) {
        this.root = properties.dataDir().resolve("sweeps");
        // a file written by a later version may carry fields this one does not know
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        try {
            Files.createDirectories(root);
            AtomicFiles.removeLeftovers(root);
            try (Stream<Path> files = Files.list(root)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                    try {
                        SweepRecord r = this.json.readValue(f.toFile(), SweepRecord.class);
                        sweeps.put(r.id(), r);
                    } catch (RuntimeException e) {
                        LOG.warn("Skipping sweep file {}: it cannot be read ({})", f, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
    }

    @Override
    public void save(SweepRecord sweep) {
        try {
            AtomicFiles.write(file(sweep.id()), json.writeValueAsBytes(sweep));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sweep " + sweep.id(), e);
        }
        sweeps.put(sweep.id(), sweep);
    }

    @Override
    public Optional<SweepRecord> find(String id) {
        return Optional.ofNullable(sweeps.get(id));
    }

    @Override
    public List<SweepRecord> all() {
        return sweeps.values().stream()
                .sorted(Comparator.comparing(SweepRecord::createdAt).reversed().thenComparing(SweepRecord::id))
                .toList();
    }

    @Override
    public void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete sweep " + id, e);
        }
        sweeps.remove(id);
    }

    private Path file(String id) {
        return root.resolve(id + ".json");
    }
}
