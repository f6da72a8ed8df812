package dev.charlm.engine.text;

/**
 * Token ids of a corpus, two bytes per token while the vocabulary fits in 16 bits (any real character
 * vocabulary does), four bytes otherwise: a 100 MB corpus needs about 200 MB.
 */
public final class TokenSequence {

    private final char[] narrow;
    private final int[] wide;
    private final int length;

    private TokenSequence(char[] narrow, int[] wide, int length) {
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

    public int get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index + " of " + length);
        }
        return narrow != null ? narrow[index] : wide[index];
    }

    /** Tokens [from, to) as a new sequence. */
    public TokenSequence slice(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length);
        }
        if (narrow != null) {
            return new TokenSequence(java.util.Arrays.copyOfRange(narrow, from, to), null, to - from);
        }
        return new TokenSequence(null, java.util.Arrays.copyOfRange(wide, from, to), to - from);
    }

    public int[] toArray() {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** Fills a sequence of known length. */
    public static final class Builder {
        private final char[] narrow;
        private final int[] wide;
        private int n;

        public Builder(int length, int vocabularySize) {
            if (vocabularySize <= Character.MAX_VALUE + 1) {
                narrow = new char[length];
                wide = null;
            } else {
                narrow = null;
                wide = new int[length];
            }
        }

        public void add(int id) {
            if (narrow != null) {
                narrow[n++] = (char) id;
            } else {
                wide[n++] = id;
            }
        }

        public TokenSequence build() {
            return new TokenSequence(narrow, wide, n);
        }
    }
}
