package dev.charlm.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodedCorpusTest {

    private static EncodedCorpus encode(String text, TextOptions o) {
        return EncodedCorpus.encode(text.getBytes(StandardCharsets.UTF_8), o);
    }

    private static String decode(EncodedCorpus c) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.tokens().length(); i++) {
            sb.append(c.vocabulary().label(c.tokens().get(i)));
        }
        return sb.toString();
    }

    @Test
    void ordersTheVocabularyByFrequencyThenCodePoint() {
        EncodedCorpus c = encode("bbaacccd", TextOptions.DEFAULT);
        Vocabulary v = c.vocabulary();
        assertThat(v.size()).isEqualTo(4);
        assertThat(v.label(0)).isEqualTo("c");
        assertThat(v.label(1)).isEqualTo("a");   // a and b tie at 2: lower code point first
        assertThat(v.label(2)).isEqualTo("b");
        assertThat(v.label(3)).isEqualTo("d");
        assertThat(v.hasUnk()).isFalse();
        assertThat(decode(c)).isEqualTo("bbaacccd");
    }

    @Test
    void tokensAreCodePoints() {
        EncodedCorpus c = encode("分开😀分", TextOptions.DEFAULT);
        assertThat(c.tokens().length()).isEqualTo(4);
        assertThat(c.vocabulary().size()).isEqualTo(3);
        assertThat(c.vocabulary().label(c.tokens().get(2))).isEqualTo("😀");
    }

    @Test
    void rareCharactersShareAnUnknownTokenThatIsLast() {
        EncodedCorpus c = encode("aaaabbbcz", new TextOptions(Preprocessing.NONE, false, false, 0, 0, 2));
        Vocabulary v = c.vocabulary();
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.label(2)).isEqualTo("<unk>");
        assertThat(v.unkId()).isEqualTo(2);
        assertThat(v.count(2)).isEqualTo(2);
        assertThat(decode(c)).isEqualTo("aaaabbb<unk><unk>");
        assertThat(v.id('q')).isEqualTo(2);
    }

    @Test
    void maxVocabCountsTheUnknownToken() {
        Vocabulary v = encode("aaaabbbccd", new TextOptions(Preprocessing.NONE, false, false, 0, 3, 1)).vocabulary();
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.label(0)).isEqualTo("a");
        assertThat(v.label(1)).isEqualTo("b");
        assertThat(v.label(2)).isEqualTo("<unk>");
        Vocabulary exact = encode("aaaabbbcc", new TextOptions(Preprocessing.NONE, false, false, 0, 3, 1)).vocabulary();
        assertThat(exact.size()).isEqualTo(3);
        assertThat(exact.hasUnk()).isFalse();
        Vocabulary roomy = encode("abc", new TextOptions(Preprocessing.NONE, false, false, 0, 3, 1)).vocabulary();
        assertThat(roomy.hasUnk()).isFalse();
    }

    @Test
    void lettersPreprocessingKeepsLowercaseLettersAndOneSpacePerGap() {
        EncodedCorpus c = encode("The Time-Machine, by H. G. Wells\n[1898]\nI", new TextOptions(Preprocessing.LETTERS, false, false, 0, 0, 1));
        assertThat(decode(c)).isEqualTo("the time machine by h g wells i");
        assertThat(Preprocessing.LOWERCASE.apply("ÀBC d")).isEqualTo("àbc d");
    }

    @Test
    void joinLinesAndMaxCharsFollowTheD2lLoader() {
        EncodedCorpus c = encode("ab\ncd\r\nef", new TextOptions(Preprocessing.NONE, false, true, 6, 0, 1));
        assertThat(decode(c)).isEqualTo("ab cd ");
    }

    @Test
    void lineModeMakesOneSequencePerNonBlankLineEndingWithEndOfLine() {
        EncodedCorpus c = encode("Aachenosaurus\n\n  \nAardonyx\r\nAbc", new TextOptions(Preprocessing.LOWERCASE, true, false, 0, 0, 1));
        assertThat(c.lineCount()).isEqualTo(3);
        assertThat(c.lineStarts()).containsExactly(0, 14, 23, 27);
        assertThat(decode(c)).isEqualTo("aachenosaurus\naardonyx\nabc\n");
        assertThat(c.vocabulary().contains('\n')).isTrue();
    }

    @Test
    void lineModeMaxCharsKeepsWholeLines() {
        EncodedCorpus c = encode("abc\ndef\nghi\n", new TextOptions(Preprocessing.NONE, true, false, 9, 0, 1));
        assertThat(decode(c)).isEqualTo("abc\ndef\n");
    }

    @Test
    void encodingWithAGivenVocabularyMapsOrRefusesUnknownCharacters() {
        Vocabulary v = Vocabulary.build(Map.of((int) 'a', 3L, (int) 'b', 1L), 0, 1);
        assertThatThrownBy(() -> EncodedCorpus.encode(EncodedCorpus.Source.of("abz".getBytes(StandardCharsets.UTF_8)),
                TextOptions.DEFAULT, v)).hasMessageContaining("'z' (U+007A)");
    }

    @Test
    void anEmptyCorpusIsRefused() {
        assertThatThrownBy(() -> encode("", TextOptions.DEFAULT)).hasMessageContaining("empty");
        assertThatThrownBy(() -> encode("\n \n", new TextOptions(Preprocessing.NONE, true, false, 0, 0, 1)))
                .hasMessageContaining("no non-blank line");
    }

    @Test
    void storesTwoBytesPerTokenForRealVocabularies() {
        TokenSequence s = TokenSequence.of(1, 65535, 7);
        assertThat(s.get(1)).isEqualTo(65535);
        assertThat(s.slice(1, 3).toArray()).containsExactly(65535, 7);
    }

    /** 2^31 bytes of 'a', served from one buffer so that nothing that large is ever held. */
    private static EncodedCorpus.Source tooManyTokens() {
        long size = 1L << 31;
        return () -> new java.io.InputStream() {
            private final byte[] chunk = "a".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, chunk.length), left);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    @Test
    void encodingWithAGivenVocabularyRefusesATooLargeCorpusLikeTheMainPath() {
        // resume and scoring encode with the checkpoint's vocabulary: the same check, not a negative length
        Vocabulary v = new Vocabulary(new int[] {'a'}, new long[] {1});
        assertThatThrownBy(() -> EncodedCorpus.encode(tooManyTokens(), TextOptions.DEFAULT, v))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the corpus has 2147483648 tokens; at most 2147483631 are supported");
    }
}
