package dev.charlm.training;

import dev.charlm.config.CharLmProperties;
import dev.charlm.storage.AtomicFiles;
import dev.charlm.storage.EmbeddedStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The embedded layout of models: one directory each under {@code <data-dir>/models/<id>/}, shared by
 * {@link FileJobRepository} ({@code job.json}, {@code history.json}) and {@link FileCheckpointStore}
 * ({@code model.clm}). Made at start-up, where it also removes what a killed service left half-done:
 * temporary files of atomic writes, and deletions under way.
 */
@Component
@EmbeddedStorage
class ModelDirectories {

    private final Path root;

    ModelDirectories(CharLmProperties properties) {
        this.root = properties.dataDir().resolve("models");
        try {
            Files.createDirectories(root);
            removeLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    private void removeLeftovers() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (d.getFileName().toString().startsWith(AtomicFiles.DELETED)) {
                    AtomicFiles.deleteTree(d);
                } else {
                    AtomicFiles.removeLeftovers(d);
                }
            }
        }
    }

    /** The directory of one model (which may not exist). */
    Path of(String id) {
        return root.resolve(id);
    }

    /** Every model's directory. */
    List<Path> all() {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a model's directory with all it holds: renamed away first, so it is gone at once even if deleting is slow. */
    void delete(String id) {
        Path dir = of(id);
        if (!Files.exists(dir)) {
            return;
        }
        try {
            AtomicFiles.deleteTree(AtomicFiles.moveAside(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("deleting model " + id, e);
        }
    }
}
