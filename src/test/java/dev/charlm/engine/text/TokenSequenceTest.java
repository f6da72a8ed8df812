package dev.charlm.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenSequenceTest {

    private static TokenSequence build(int vocabularySize, int... ids) {
        TokenSequence.Builder b = new TokenSequence.Builder(ids.length, vocabularySize);
        for (int id : ids) {
            b.add(id);
        }
        return b.build();
    }

    @Test
    void aVocabularyOfAtMost256TokensTakesOneBytePerTokenAndReadsBackUnsigned() {
        int[] ids = new int[256];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 255 - i;   // 128..255 would read back negative if the byte were signed
        }
        TokenSequence s = build(256, ids);
        assertThat(s.bytesPerToken()).isEqualTo(1);
        assertThat(s.toArray()).containsExactly(ids);
        assertThat(s.slice(1, 3).toArray()).containsExactly(254, 253);
        assertThat(s.slice(1, 3).bytesPerToken()).isEqualTo(1);
    }

    @Test
    void widerVocabulariesTakeTwoBytesThenFour() {
        assertThat(build(257, 256, 0).bytesPerToken()).isEqualTo(2);
        assertThat(build(257, 256, 0).toArray()).containsExactly(256, 0);
        assertThat(build(65_536, 65_535).get(0)).isEqualTo(65_535);
        assertThat(build(65_537, 65_536).bytesPerToken()).isEqualTo(4);
        assertThat(build(65_537, 65_536).get(0)).isEqualTo(65_536);
        assertThat(TokenSequence.bytesPerToken(65)).isEqualTo(1);
        assertThat(TokenSequence.bytesPerToken(6_000)).isEqualTo(2);
    }

    @Test
    void anIndexOutsideIsRefused() {
        TokenSequence s = build(10, 1, 2);
        assertThatThrownBy(() -> s.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.slice(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aCorpusOfEnglishTextIsEncodedOneBytePerCharacter() {
        EncodedCorpus c = EncodedCorpus.encode("the time machine, by h. g. wells\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TextOptions.DEFAULT);
        assertThat(c.tokens().bytesPerToken()).isEqualTo(1);
        assertThat(c.vocabulary().size()).isLessThanOrEqualTo(256);
    }
}
