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

    @Test
    void aVocabularyOfAtMost65536TokensTakesTwoBytesPerTokenAndItsSlicesToo() {
        int[] ids = {65_535, 256, 0, 40_000, 255};   // 32,768..65,535 would read back negative if the char were signed
        TokenSequence s = build(65_536, ids);
        assertThat(s.bytesPerToken()).isEqualTo(2);
        assertThat(s.toArray()).containsExactly(ids);
        assertThat(s.slice(1, 4).bytesPerToken()).isEqualTo(2);
        assertThat(s.slice(1, 4).toArray()).containsExactly(256, 0, 40_000);
    }

    @Test
    void aLargerVocabularyTakesFourBytesPerTokenAndItsSlicesToo() {
        int[] ids = {65_536, 1_114_111, 7};
        TokenSequence s = build(1_114_112, ids);
        assertThat(s.bytesPerToken()).isEqualTo(4);
        assertThat(s.toArray()).containsExactly(ids);
        assertThat(s.slice(1, 3).bytesPerToken()).isEqualTo(4);
        assertThat(s.slice(1, 3).toArray()).containsExactly(1_114_111, 7);
    }

    @Test
    void aCorpusOfChineseTextIsEncodedTwoBytesPerCharacter() {
        StringBuilder text = new StringBuilder();
        for (int cp = 0x4E00; cp < 0x4E00 + 3000; cp++) {
            text.appendCodePoint(cp);
        }
        EncodedCorpus c = EncodedCorpus.encode(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), TextOptions.DEFAULT);
        assertThat(c.vocabulary().size()).isBetween(257, 65_536);
        assertThat(c.tokens().bytesPerToken()).isEqualTo(2);
        assertDecodesTo(c, text.toString());
    }

    @Test
    void aCorpusOfMoreThan65536DistinctCharactersIsEncodedFourBytesPerCharacter() {
        StringBuilder text = new StringBuilder();
        for (int cp = 0x20000; cp < 0x20000 + 66_000; cp++) {   // CJK Extension B and on: outside the 16-bit range too
            text.appendCodePoint(cp);
        }
        EncodedCorpus c = EncodedCorpus.encode(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), TextOptions.DEFAULT);
        assertThat(c.vocabulary().size()).isGreaterThan(65_536);
        assertThat(c.tokens().bytesPerToken()).isEqualTo(4);
        assertDecodesTo(c, text.toString());
    }

    private static void assertDecodesTo(EncodedCorpus c, String text) {
        int[] cps = text.codePoints().toArray();
        assertThat(c.tokens().length()).isEqualTo(cps.length);
        for (int i = 0; i < cps.length; i += 997) {
            assertThat(c.vocabulary().codePoint(c.tokens().get(i))).as("token %d", i).isEqualTo(cps[i]);
        }
        assertThat(c.vocabulary().codePoint(c.tokens().get(cps.length - 1))).isEqualTo(cps[cps.length - 1]);
    }
}
