package dev.charlm.corpus;

import dev.charlm.config.CharLmProperties;
import dev.charlm.storage.AtomicFiles;
import dev.charlm.storage.EmbeddedStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The embedded layout of corpora: one directory each under {@code <data-dir>/corpora/<id>/}, shared by
 * {@link FileCorpusTexts} ({@code corpus.txt}) and {@link FileCorpusRepository} ({@code corpus.json}). A
 * directory whose name starts with a dot is an upload being staged or a corpus being deleted. Made at
 * start-up, where it also removes what a killed service left: those directories, temporary files of atomic
 * writes, and a text committed whose {@code corpus.json} was never written.
 */
@Component
@EmbeddedStorage
class CorpusDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusDirectories.class);
    static final String TEXT = "corpus.txt";
    static final String META = "corpus.json";

    private final Path root;

    CorpusDirectories(CharLmProperties properties) {
        this.root = properties.dataDir().resolve("corpora");
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
                if (d.getFileName().toString().startsWith(".")) {
                    AtomicFiles.deleteTree(d);
                } else if (!Files.exists(d.resolve(META))) {
                    LOG.info("Removing {}: a corpus text whose corpus.json was never written (the service stopped between the two)", d);
                    AtomicFiles.deleteTree(d);
                } else {
                    AtomicFiles.removeLeftovers(d);
                }
            }
        }
    }

    /** True for a name a corpus can have: never a staged upload's, never one that leaves the directory. */
    static boolean isCorpusId(String id) {
        return id.matches("[A-Za-z0-9_-]{1,64}");
    }

    /** The directory of one corpus, or of a staged upload (which may not exist). */
    Path of(String name) {
        return root.resolve(name);
    }

    /** A new directory for an upload, not yet a corpus. */
    Path newStaging() throws IOException {
        return Files.createDirectories(root.resolve(".upload-" + UUID.randomUUID()));
    }

    /** The names of every corpus directory. */
    List<String> names() {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a corpus's directory with all it holds: renamed away first, so it disappears at once, then deleted. */
    void delete(String id) throws IOException {
        Path dir = root.resolve(id);
        if (!Files.exists(dir)) {
            return;
        }
        deleteQuietly(AtomicFiles.moveAside(dir));
    }

    /** Best effort: a leftover directory is removed at the next start. */
    static void deleteQuietly(Path dir) {
        try {
            AtomicFiles.deleteTree(dir);
        } catch (IOException ignored) {
            // removed at the next start
        }
    }
}
