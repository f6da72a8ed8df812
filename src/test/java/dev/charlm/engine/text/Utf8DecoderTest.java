package dev.charlm.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8DecoderTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void decodesChineseAndEmojiAsOneCodePointEach() {
        String s = "分开 😀!";
        assertThat(Utf8Decoder.toString(s.getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
        int[] count = {0};
        Utf8Decoder.decode(s.getBytes(StandardCharsets.UTF_8), cp -> count[0]++);
        assertThat(count[0]).isEqualTo(5);
    }

    @Test
    void reportsTheOffsetOfAStrayContinuationByte() {
        assertThatThrownBy(() -> Utf8Decoder.toString(bytes('a', 'b', 0x80, 'c')))
                .isInstanceOfSatisfying(MalformedTextException.class, e -> assertThat(e.byteOffset()).isEqualTo(2))
                .hasMessageContaining("byte offset 2");
    }

    @Test
    void reportsTheOffsetOfAByteThatInterruptsASequence() {
        // 分 is E5 88 86: cut after two bytes and followed by 'x'
        assertThatThrownBy(() -> Utf8Decoder.toString(bytes('a', 0xE5, 0x88, 'x')))
                .isInstanceOfSatisfying(MalformedTextException.class, e -> assertThat(e.byteOffset()).isEqualTo(3));
    }

    @Test
    void reportsASequenceCutOffByTheEndAtItsLeadByte() {
        assertThatThrownBy(() -> Utf8Decoder.toString(bytes('a', 'b', 0xF0, 0x9F, 0x98)))
                .isInstanceOfSatisfying(MalformedTextException.class, e -> assertThat(e.byteOffset()).isEqualTo(2))
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsOverlongFormsSurrogatesAndImpossibleBytes() {
        assertThatThrownBy(() -> Utf8Decoder.toString(bytes(0xC0, 0xAF)))
                .isInstanceOfSatisfying(MalformedTextException.class, e -> assertThat(e.byteOffset()).isZero());
        assertThatThrownBy(() -> Utf8Decoder.toString(bytes('x', 0xE0, 0x80, 0xAF)))
                .isInstanceOfSatisfying(MalformedTextException.class, e -> assertThat(e.byteOffset()).isEqualTo(1))
                .hasMessageContaining("overlong");
        assertThatThrownBy(() -> Utf8Decoder.toString(bytes(0xED, 0xA0, 0x80)))
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> Utf8Decoder.toString(bytes('a', 0xFF)))
                .isInstanceOfSatisfying(MalformedTextException.class, e -> assertThat(e.byteOffset()).isEqualTo(1));
        assertThatThrownBy(() -> Utf8Decoder.toString(bytes(0xF4, 0x90, 0x80, 0x80)))
                .hasMessageContaining("above U+10FFFF");
    }

    @Test
    void countsOffsetsAcrossChunks() {
        Utf8Decoder d = new Utf8Decoder(cp -> { });
        byte[] first = "héllo".getBytes(StandardCharsets.UTF_8);   // 6 bytes
        d.feed(first, 0, first.length);
        assertThatThrownBy(() -> d.feed(bytes('a', 0xFE), 0, 2))
                .isInstanceOfSatisfying(MalformedTextException.class, e -> assertThat(e.byteOffset()).isEqualTo(7));
    }

    @Test
    void skipsALeadingByteOrderMarkOnly() {
        assertThat(Utf8Decoder.toString(bytes(0xEF, 0xBB, 0xBF, 'a', 0xEF, 0xBB, 0xBF))).isEqualTo("a\uFEFF");
    }
}
