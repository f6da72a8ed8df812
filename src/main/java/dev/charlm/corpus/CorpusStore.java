package dev.charlm.corpus;

import dev.charlm.config.CharLmProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Corpora on disk: {@code <data-dir>/corpora/<id>/corpus.txt} and {@code corpus.json}. A corpus is
 * written in a temporary directory and renamed into place, so a crash never leaves half of one.
 */
@Component
class CorpusStore {

    static final String TEXT = "corpus.txt";
    static final String META = "corpus.json";

    private final Path root;
    private final JsonMapper json;

    CorpusStore(CharLmProperties properties, JsonMapper json) {
        this.root = properties.dataDir().resolve("corpora");
        // files written by another version may carry fields this one does not know
        this.json = json.rebuild().disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        try {
            Files.createDirectories(root);
            cleanTemporaries();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    /** Where a staged upload is written before it becomes a corpus. */
    record Staged(Path dir, TextScan scan) {
    }

    /** Copies text into a new temporary directory, checking it as it goes; the caller commits or discards it. */
    Staged stage(InputStream in, long maxBytes) throws IOException {
        Path dir = root.resolve(".upload-" + UUID.randomUUID());
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve(TEXT))) {
            return new Staged(dir, TextScan.copy(in, out, maxBytes));
        } catch (IOException | RuntimeException e) {
            discard(dir);
            throw e;
        }
    }

    /** Writes the metadata and renames the staged directory to the corpus id. */
    Corpus commit(Staged staged, Corpus corpus) throws IOException {
        Files.write(staged.dir().resolve(META), json.writeValueAsBytes(corpus));
        Path target = root.resolve(corpus.id());
        try {
            Files.move(staged.dir(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged.dir(), target);
        }
        return corpus;
    }

    void discard(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temporary directory is removed at the next start
        }
    }

    Optional<Corpus> find(String id) {
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            return Optional.empty();
        }
        Path meta = root.resolve(id).resolve(META);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(meta.toFile(), Corpus.class));
    }

    List<Corpus> list() {
        List<Corpus> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> !d.getFileName().toString().startsWith(".")).forEach(d -> find(d.getFileName().toString()).ifPresent(out::add));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(Corpus::createdAt).reversed().thenComparing(Corpus::id));
        return out;
    }

    Path text(String id) {
        return root.resolve(id).resolve(TEXT);
    }

    /** Removes a corpus: renamed away first, so it disappears at once, then deleted. */
    void delete(String id) throws IOException {
        Path dir = root.resolve(id);
        Path trash = root.resolve(".deleted-" + id + "-" + UUID.randomUUID());
        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        discard(trash);
    }

    private void cleanTemporaries() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(".")).forEach(this::discard);
        }
    }
}
