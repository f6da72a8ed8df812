package dev.charlm.corpus;

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
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Corpora as {@code corpus.json} in their directory ({@link CorpusDirectories}), written atomically beside the
 * committed text: a directory is a corpus once its {@code corpus.json} is there.
 */
@Component
@EmbeddedStorage
class FileCorpusRepository implements CorpusRepository {

    private final CorpusDirectories dirs;
    private final JsonMapper json;

    FileCorpusRepository(CorpusDirectories dirs, JsonMapper json) {
        this.dirs = dirs;
        // files written by another version may carry fields this one does not know
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    @Override
    public void save(Corpus corpus) {
        try {
            AtomicFiles.write(dirs.of(corpus.id()).resolve(CorpusDirectories.META), json.writeValueAsBytes(corpus));
        } catch (IOException e) {
            throw new UncheckedIOException("saving corpus " + corpus.id(), e);
        }
    }

    @Override
    public Optional<Corpus> find(String id) {
        if (!CorpusDirectories.isCorpusId(id)) {
            return Optional.empty();
        }
        Path meta = dirs.of(id).resolve(CorpusDirectories.META);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(meta.toFile(), Corpus.class));
    }

    @Override
    public List<Corpus> list() {
        List<Corpus> out = new ArrayList<>();
        for (String name : dirs.names()) {
            find(name).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Corpus::createdAt).reversed().thenComparing(Corpus::id));
        return out;
    }

    /** Removes the corpus's directory, and with it the text that {@link FileCorpusTexts} keeps there. */
    @Override
    public void delete(String id) throws IOException {
        dirs.delete(id);
    }
}
