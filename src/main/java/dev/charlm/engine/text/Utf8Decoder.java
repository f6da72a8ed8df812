package dev.charlm.engine.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntConsumer;

/**
 * A strict, incremental UTF-8 decoder (RFC 3629): rejects overlong forms, surrogates, code points
 * above U+10FFFF, stray continuation bytes and sequences cut off by the end of input, each with the
 * byte offset of the first offending byte. Feed it chunks of any size; it emits code points.
 * A byte-order mark at the very start is skipped.
 */
public final class Utf8Decoder {

    private final IntConsumer sink;
    private long offset;        // bytes consumed so far
    private long seqStart;      // offset of the lead byte of the pending sequence
    private int pending;        // continuation bytes still expected
    private int cp;             // code point being assembled
    private int min;            // smallest code point the pending length may encode
    private boolean bomChecked;

    public Utf8Decoder(IntConsumer sink) {
        this.sink = sink;
    }

    public void feed(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++, offset++) {
            int b = buf[i] & 0xFF;
            if (pending > 0) {
                if ((b & 0xC0) != 0x80) {
                    throw new MalformedTextException(offset, "expected a continuation byte, found 0x" + hex(b));
                }
                cp = (cp << 6) | (b & 0x3F);
                // reject early so the offset points at the byte that makes the sequence invalid
                if (--pending == 0) {
                    if (cp < min) {
                        throw new MalformedTextException(seqStart, "overlong encoding of U+" + Integer.toHexString(cp).toUpperCase());
                    }
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        throw new MalformedTextException(seqStart, "encoded surrogate U+" + Integer.toHexString(cp).toUpperCase());
                    }
                    if (cp > 0x10FFFF) {
                        throw new MalformedTextException(seqStart, "code point above U+10FFFF");
                    }
                    emit(cp);
                }
                continue;
            }
            if (b < 0x80) {
                emit(b);
            } else if (b >= 0xC2 && b <= 0xDF) {
                start(b & 0x1F, 1, 0x80);
            } else if (b >= 0xE0 && b <= 0xEF) {
                start(b & 0x0F, 2, 0x800);
            } else if (b >= 0xF0 && b <= 0xF4) {
                start(b & 0x07, 3, 0x10000);
            } else if (b >= 0x80 && b <= 0xBF) {
                throw new MalformedTextException(offset, "unexpected continuation byte 0x" + hex(b));
            } else {
                throw new MalformedTextException(offset, "byte 0x" + hex(b) + " never appears in UTF-8");
            }
        }
    }

    /** Call at end of input: a sequence cut short is an error at its lead byte. */
    public void finish() {
        if (pending > 0) {
            throw new MalformedTextException(seqStart, "truncated multi-byte sequence at end of input");
        }
    }

    private void start(int bits, int continuation, int minimum) {
        seqStart = offset;
        cp = bits;
        pending = continuation;
        min = minimum;
    }

    private void emit(int codePoint) {
        if (!bomChecked) {
            bomChecked = true;
            if (codePoint == 0xFEFF) {
                return;
            }
        }
        sink.accept(codePoint);
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }

    /** Decodes a whole byte array. */
    public static void decode(byte[] bytes, IntConsumer sink) {
        Utf8Decoder d = new Utf8Decoder(sink);
        d.feed(bytes, 0, bytes.length);
        d.finish();
    }

    /** Decodes a stream to its end (the caller closes it). */
    public static void decode(InputStream in, IntConsumer sink) throws IOException {
        Utf8Decoder d = new Utf8Decoder(sink);
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) != -1) {
            d.feed(buf, 0, n);
        }
        d.finish();
    }

    /** Strict decoding of a whole array into a String. */
    public static String toString(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        decode(bytes, sb::appendCodePoint);
        return sb.toString();
    }
}
