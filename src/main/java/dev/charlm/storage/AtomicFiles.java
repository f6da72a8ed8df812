package dev.charlm.storage;

import dev.charlm.engine.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The service's atomic files: written by the engine's {@link AtomicWrite} (temporary file, fsync,
 * rename), and the temporary files a killed process left behind deleted at the next start; directories
 * deleted by renaming them aside first, so that none is ever seen half deleted.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** See {@link AtomicWrite#write}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        AtomicWrite.write(target, bytes);
    }

    /** True for the name of a temporary file that {@link #write} (or the engine's ModelFile) leaves when killed mid-write. */
    public static boolean isTemporary(Path file) {
        return AtomicWrite.isTemporary(file);
    }

    /** Deletes the temporary files a killed process left in {@code dir}; the files they were to replace are intact. */
    public static void removeLeftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(AtomicWrite::isTemporary).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The name prefix of a directory {@link #moveAside} renamed away to delete. */
    public static final String DELETED = ".deleted-";

    /**
     * Renames a directory to a hidden sibling ({@code .deleted-<name>-<uuid>}), so that it is gone at once however
     * long deleting what it holds takes; returns the new path. A start-up removes such leftovers.
     */
    public static Path moveAside(Path dir) throws IOException {
        Path trash = dir.resolveSibling(DELETED + dir.getFileName() + "-" + UUID.randomUUID());
        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        return trash;
    }

    /** Deletes a directory and everything below it. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
