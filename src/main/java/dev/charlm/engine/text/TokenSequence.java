package dev.charlm.engine.text;

import java.util.Arrays;

/**
 * Token ids of a corpus in the narrowest array that holds them: one byte per token while the vocabulary has
 * at most 256 tokens (English text, code, names), two while it fits in 16 bits (any real character
 * vocabulary, Chinese included), four otherwise. A 100 MB English corpus needs about 100 MB.
 */
public final class TokenSequence {

    // exactly one of the three is set
    private final byte[] small;   // ids 0..255, read unsigned
    private final char[] narrow;
    private final int[] wide;
    private final int length;

    private TokenSequence(byte[] small, char[] narrow, int[] wide, int length) {
        this.small = small;
        this.narrow = narrow;
        this.wide = wide;
        this.length = length;
    }

    public static TokenSequence of(int... ids) {
        Builder b = new Builder(ids.length, 1 << 20);
        for (int id : ids) {
            b.add(id);
        }
        return b.build();
    }

    public int length() {
        return length;
    }

    /** Bytes each token of a vocabulary this large takes: 1, 2 or 4. */
    public static int bytesPerToken(int vocabularySize) {
        return vocabularySize <= 256 ? 1 : vocabularySize <= Character.MAX_VALUE + 1 ? 2 : 4;
    }

    /** Bytes each token of this sequence takes: 1, 2 or 4. */
    public int bytesPerToken() {
        return small != null ? 1 : narrow != null ? 2 : 4;
    }

    public int get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index + " of " + length);
        }
        return small != null ? small[index] & 0xFF : narrow != null ? narrow[index] : wide[index];
    }

    /** Tokens [from, to) as a new sequence. */
    public TokenSequence slice(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length);
        }
        if (small != null) {
            return new TokenSequence(Arrays.copyOfRange(small, from, to), null, null, to - from);
        }
        if (narrow != null) {
            return new TokenSequence(null, Arrays.copyOfRange(narrow, from, to), null, to - from);
        }
        return new TokenSequence(null, null, Arrays.copyOfRange(wide, from, to), to - from);
    }

    public int[] toArray() {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** Fills a sequence of known length; ids must be below {@code vocabularySize}. */
    public static final class Builder {
        private final byte[] small;
        private final char[] narrow;
        private final int[] wide;
        private int n;

        public Builder(int length, int vocabularySize) {
            int width = bytesPerToken(vocabularySize);
            small = width == 1 ? new byte[length] : null;
            narrow = width == 2 ? new char[length] : null;
            wide = width == 4 ? new int[length] : null;
        }

        public void add(int id) {
            if (small != null) {
                small[n++] = (byte) id;
            } else if (narrow != null) {
                narrow[n++] = (char) id;
            } else {
                wide[n++] = id;
            }
        }

        public TokenSequence build() {
            return new TokenSequence(small, narrow, wide, n);
        }
    }
}
