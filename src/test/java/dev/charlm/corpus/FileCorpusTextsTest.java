package dev.charlm.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@link CorpusTextsContract} on files, and what a killed service leaves in the corpora directory. */
class FileCorpusTextsTest implements CorpusTextsContract {

    @TempDir
    Path data;

    FileCorpusTexts texts;

    @BeforeEach
    void create() {
        texts = new FileCorpusTexts(new CorpusDirectories(FileCorpusRepositoryTest.properties(data)));
    }

    @Override
    public CorpusTexts texts() {
        return texts;
    }

    @Override
    public long staged() throws Exception {
        try (Stream<Path> dirs = Files.list(data.resolve("corpora"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(".upload-")).count();
        }
    }

    @Test
    void aTextIsTheCorpusTxtOfItsDirectory() throws Exception {
        texts.commit(texts.stage(CorpusTextsContract.utf8(TEXT), 1 << 20), "c-aaaaaaaaaa");

        assertThat(Files.readString(data.resolve("corpora/c-aaaaaaaaaa/corpus.txt"))).isEqualTo(TEXT);
    }

    @Test
    void theNextStartRemovesStagedUploadsDeletionsUnderWayAndATextWhoseRecordWasNeverWritten() throws Exception {
        FileCorpusRepository corpora = new FileCorpusRepository(new CorpusDirectories(FileCorpusRepositoryTest.properties(data)),
                JsonMapper.builder().build());
        texts.commit(texts.stage(CorpusTextsContract.utf8("kept\n"), 1 << 20), "c-kept000000");
        corpora.save(CorpusRepositoryContract.corpus("c-kept000000", "kept", "2026-12-02T00:00:00Z"));
        texts.commit(texts.stage(CorpusTextsContract.utf8("orphan\n"), 1 << 20), "c-orphan0000");   // killed before its record
        texts.stage(CorpusTextsContract.utf8("half\n"), 1 << 20);                                   // killed while staged
        Files.createDirectories(data.resolve("corpora/.deleted-c-gone-1234"));                       // killed while deleting
        Files.writeString(data.resolve("corpora/c-kept000000/.corpus.json.1234.tmp"), "{");          // killed mid-write

        new CorpusDirectories(FileCorpusRepositoryTest.properties(data));

        try (Stream<Path> left = Files.walk(data.resolve("corpora"))) {
            assertThat(left.map(p -> data.resolve("corpora").relativize(p).toString()))
                    .containsExactlyInAnyOrder("", "c-kept000000", "c-kept000000/corpus.txt", "c-kept000000/corpus.json");
        }
        assertThat(CorpusTextsContract.read(texts, "c-kept000000")).isEqualTo("kept\n");
    }
}
