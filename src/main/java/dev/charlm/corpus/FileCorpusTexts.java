package dev.charlm.corpus;

import dev.charlm.storage.EmbeddedStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Corpus texts as {@code corpus.txt} in their corpus's directory ({@link CorpusDirectories}). An upload is
 * written in a staging directory and renamed to the corpus id, so a crash never leaves half of one.
 */
@Component
@EmbeddedStorage
class FileCorpusTexts implements CorpusTexts {

    private final CorpusDirectories dirs;

    FileCorpusTexts(CorpusDirectories dirs) {
        this.dirs = dirs;
    }

    @Override
    public Staged stage(InputStream in, long maxBytes) throws IOException {
        Path dir = dirs.newStaging();
        try (OutputStream out = Files.newOutputStream(dir.resolve(CorpusDirectories.TEXT))) {
            return new Staged(dir.getFileName().toString(), TextScan.copy(in, out, maxBytes));
        } catch (IOException | RuntimeException e) {
            CorpusDirectories.deleteQuietly(dir);
            throw e;
        }
    }

    @Override
    public void commit(Staged staged, String id) throws IOException {
        Path target = dirs.of(id);
        try {
            Files.move(dirs.of(staged.handle()), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(dirs.of(staged.handle()), target);
        }
    }

    @Override
    public void discard(Staged staged) {
        CorpusDirectories.deleteQuietly(dirs.of(staged.handle()));
    }

    @Override
    public Optional<InputStream> open(String id) throws IOException {
        if (!CorpusDirectories.isCorpusId(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(dirs.of(id).resolve(CorpusDirectories.TEXT)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String id) throws IOException {
        Files.deleteIfExists(dirs.of(id).resolve(CorpusDirectories.TEXT));
    }
}
