package dev.charlm.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CorpusTexts} does, whatever holds the blobs. An implementation's test implements this
 * interface: {@link #texts()} gives an empty store, {@link #staged()} counts the uploads it holds staged.
 */
interface CorpusTextsContract {

    String TEXT = "分开 不分开\n我想要😀\n";

    /** An empty store; the same one for every call within a test. */
    CorpusTexts texts();

    /** How many staged uploads the store holds (neither committed nor discarded). */
    long staged() throws Exception;

    static InputStream utf8(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static String read(CorpusTexts texts, String id) throws Exception {
        try (InputStream in = texts.open(id).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    default void aCommittedTextReadsBackFromItsFirstByteAsOftenAsAsked() throws Exception {
        CorpusTexts.Staged staged = texts().stage(utf8(TEXT), 1 << 20);
        texts().commit(staged, "c-aaaaaaaaaa");

        assertThat(read(texts(), "c-aaaaaaaaaa")).isEqualTo(TEXT);
        assertThat(read(texts(), "c-aaaaaaaaaa")).isEqualTo(TEXT);
        assertThat(staged()).isZero();
    }

    @Test
    default void stagingCountsWhatTheCorpusReports() throws Exception {
        CorpusTexts.Staged staged = texts().stage(utf8(TEXT), 1 << 20);

        Corpus.Contents c = staged.scan().contents();
        assertThat(c.chars()).isEqualTo(TEXT.codePointCount(0, TEXT.length()));
        assertThat(c.lines()).isEqualTo(2);
        assertThat(c.bytes()).isEqualTo(TEXT.getBytes(StandardCharsets.UTF_8).length);
        assertThat(texts().open(staged.handle())).isEmpty();   // staged is not a corpus's text
        texts().discard(staged);
    }

    @Test
    default void aDiscardedUploadLeavesNothing() throws Exception {
        texts().discard(texts().stage(utf8(TEXT), 1 << 20));

        assertThat(staged()).isZero();
    }

    @Test
    default void anUploadOverTheLimitOrNotUtf8FailsAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> texts().stage(utf8(TEXT), 4)).isInstanceOf(CorpusTooLargeException.class);
        assertThatThrownBy(() -> texts().stage(new ByteArrayInputStream(new byte[] {'a', (byte) 0xC3, '(', 'b'}), 1 << 20))
                .isInstanceOf(dev.charlm.engine.text.MalformedTextException.class);

        assertThat(staged()).isZero();
    }

    @Test
    default void anUnknownCorpusHasNoTextAndNothingToDelete() throws Exception {
        assertThat(texts().open("c-nosuchone2")).isEmpty();
        texts().delete("c-nosuchone2");   // nothing to do
    }

    @Test
    default void deleteRemovesTheTextAndLeavesTheOthers() throws Exception {
        texts().commit(texts().stage(utf8("one\n"), 1 << 20), "c-aaaaaaaaaa");
        texts().commit(texts().stage(utf8("two\n"), 1 << 20), "c-bbbbbbbbbb");

        texts().delete("c-aaaaaaaaaa");

        assertThat(texts().open("c-aaaaaaaaaa")).isEmpty();
        assertThat(read(texts(), "c-bbbbbbbbbb")).isEqualTo("two\n");
    }
}
