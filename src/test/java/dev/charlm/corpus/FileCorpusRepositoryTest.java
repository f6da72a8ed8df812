package dev.charlm.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.config.CharLmProperties;
import dev.charlm.storage.Unwritable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@link CorpusRepositoryContract} on files, and the corpus.json that 0.1 wrote. */
class FileCorpusRepositoryTest implements CorpusRepositoryContract {

    @TempDir
    Path data;

    FileCorpusRepository repository;

    @BeforeEach
    void create() {
        repository = new FileCorpusRepository(new CorpusDirectories(properties(data)), JsonMapper.builder().build());
    }

    static CharLmProperties properties(Path data) {
        return new CharLmProperties(data, null, null, null, null, null, null, null);
    }

    @Override
    public CorpusRepository repository() {
        return repository;
    }

    @Override
    public AutoCloseable unwritable(String id) throws Exception {
        return Unwritable.directory(data.resolve("corpora").resolve(id));
    }

    @Test
    void aCorpusIsTheCorpusJsonOfItsDirectoryAsReleaseZeroOneWroteIt() throws Exception {
        repository.save(CorpusRepositoryContract.corpus("c-i2qvr5pdu3", "twinkle", "2026-12-02T01:18:26.506869635Z"));

        assertThat(Files.readString(data.resolve("corpora/c-i2qvr5pdu3/corpus.json"))).isEqualTo(CorpusFileJsonTest.STORED);
    }
}
