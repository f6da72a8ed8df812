package dev.charlm.engine.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A corpus as token ids, with its vocabulary. Built in two streaming passes over the UTF-8 bytes
 * (count, then encode), so the text itself is never held as a String. In line mode {@link #lineStarts()}
 * gives where each sequence starts; every line's tokens end with the end-of-line token.
 */
public final class EncodedCorpus {

    /** End-of-line code point: the token that ends every sequence in line mode. */
    public static final int EOL = '\n';

    private final Vocabulary vocabulary;
    private final TextOptions options;
    private final TokenSequence tokens;
    private final int[] lineStarts;   // line mode: start of each line, then tokens.length(); else null

    private EncodedCorpus(Vocabulary vocabulary, TextOptions options, TokenSequence tokens, int[] lineStarts) {
        this.vocabulary = vocabulary;
        this.options = options;
        this.tokens = tokens;
        this.lineStarts = lineStarts;
    }

    /** A readable source of UTF-8 bytes that can be opened more than once. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;

        static Source of(byte[] bytes) {
            return () -> new java.io.ByteArrayInputStream(bytes);
        }

        static Source of(Path file) {
            return () -> Files.newInputStream(file);
        }
    }

    public static EncodedCorpus encode(byte[] utf8, TextOptions options) {
        return encode(Source.of(utf8), options);
    }

    /** Encodes with a vocabulary built from this corpus. */
    public static EncodedCorpus encode(Source source, TextOptions options) {
        Map<Integer, Long> freq = new HashMap<>();
        long[] bmp = new long[Character.MAX_VALUE + 1];
        long[] total = new long[1];
        read(source, options, cp -> {
            total[0]++;
            if (cp <= Character.MAX_VALUE) {
                bmp[cp]++;
            } else {
                freq.merge(cp, 1L, Long::sum);
            }
        }, null);
        for (int cp = 0; cp < bmp.length; cp++) {
            if (bmp[cp] > 0) {
                freq.put(cp, bmp[cp]);
            }
        }
        if (total[0] == 0) {
            throw new IllegalArgumentException(options.lineMode()
                    ? "the corpus has no non-blank line to train on"
                    : "the corpus is empty after preprocessing");
        }
        Vocabulary vocabulary = Vocabulary.build(freq, options.maxVocab(), options.minFrequency());
        return encode(source, options, vocabulary, length(total[0]));
    }

    /** Encodes with a given vocabulary (characters outside it map to {@code <unk>}, or are refused). */
    public static EncodedCorpus encode(Source source, TextOptions options, Vocabulary vocabulary) {
        long[] total = new long[1];
        read(source, options, cp -> total[0]++, null);
        return encode(source, options, vocabulary, length(total[0]));
    }

    /**
     * The characters of the source, as this reader reads it (in line mode without {@code \r}, blank lines
     * and the white space around lines), that the vocabulary has no id for: each once, in order.
     */
    public static Set<Integer> unknownCharacters(Source source, TextOptions options, Vocabulary vocabulary) {
        Set<Integer> unknown = new LinkedHashSet<>();
        read(source, options, cp -> {
            if (vocabulary.id(cp) < 0) {
                unknown.add(cp);
            }
        }, null);
        return unknown;
    }

    /** A token count as an array length, refused with the same message on every path. */
    private static int length(long tokens) {
        if (tokens > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("the corpus has " + tokens + " tokens; at most " + (Integer.MAX_VALUE - 16) + " are supported");
        }
        return (int) tokens;
    }

    private static EncodedCorpus encode(Source source, TextOptions options, Vocabulary vocabulary, int length) {
        TokenSequence.Builder b = new TokenSequence.Builder(length, vocabulary.size());
        List<Integer> starts = options.lineMode() ? new ArrayList<>() : null;
        int[] count = new int[1];
        read(source, options, cp -> {
            int id = vocabulary.id(cp);
            if (id < 0) {
                throw new IllegalArgumentException("character " + describe(cp) + " is not in the vocabulary");
            }
            b.add(id);
            count[0]++;
        }, starts == null ? null : () -> starts.add(count[0]));
        int[] lineStarts = null;
        if (starts != null) {
            lineStarts = new int[starts.size() + 1];
            for (int i = 0; i < starts.size(); i++) {
                lineStarts[i] = starts.get(i);
            }
            lineStarts[starts.size()] = count[0];
        }
        return new EncodedCorpus(vocabulary, options, b.build(), lineStarts);
    }

    /** Decodes and preprocesses the source; lineStart (line mode) runs before each line's first token. */
    private static void read(Source source, TextOptions options, IntConsumer sink, Runnable lineStart) {
        IntConsumer chain;
        LineAssembler lines = null;
        if (options.lineMode()) {
            lines = new LineAssembler(options, sink, lineStart);
            chain = lines;
        } else {
            IntConsumer pre = options.preprocessing().wrap(limit(sink, options.maxChars()));
            chain = options.joinLines() ? cp -> pre.accept(cp == '\n' || cp == '\r' ? ' ' : cp) : pre;
        }
        try (InputStream in = source.open()) {
            Utf8Decoder.decode(in, chain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Limit.Reached done) {
            return;
        }
        if (lines != null) {
            try {
                lines.flush();
            } catch (Limit.Reached done) {
                // maxChars reached on the last line
            }
        }
    }

    private static IntConsumer limit(IntConsumer sink, int maxChars) {
        if (maxChars <= 0) {
            return sink;
        }
        return new Limit(sink, maxChars);
    }

    /** Stops reading after maxChars tokens. */
    private static final class Limit implements IntConsumer {
        static final class Reached extends RuntimeException {
            Reached() {
                super(null, null, false, false);
            }
        }

        private final IntConsumer sink;
        private final int max;
        private int n;

        Limit(IntConsumer sink, int max) {
            this.sink = sink;
            this.max = max;
        }

        @Override
        public void accept(int cp) {
            if (n >= max) {
                throw new Reached();
            }
            n++;
            sink.accept(cp);
        }
    }

    /**
     * Line mode: buffers a line, preprocesses and strips it, emits it with EOL unless it is blank.
     * maxChars keeps whole lines only: reading stops before the first line that would pass it.
     */
    private static final class LineAssembler implements IntConsumer {
        private final TextOptions options;
        private final IntConsumer sink;
        private final Runnable lineStart;
        private final StringBuilder line = new StringBuilder();
        private long emitted;

        LineAssembler(TextOptions options, IntConsumer sink, Runnable lineStart) {
            this.options = options;
            this.sink = sink;
            this.lineStart = lineStart;
        }

        @Override
        public void accept(int cp) {
            if (cp == '\n') {
                flush();
            } else if (cp != '\r') {
                line.appendCodePoint(cp);
            }
        }

        void flush() {
            String text = options.preprocessing().apply(line.toString()).strip();
            line.setLength(0);
            if (text.isEmpty()) {
                return;
            }
            int length = text.codePointCount(0, text.length()) + 1;
            if (options.maxChars() > 0 && emitted + length > options.maxChars()) {
                throw new Limit.Reached();
            }
            emitted += length;
            if (lineStart != null) {
                lineStart.run();
            }
            text.codePoints().forEach(sink);
            sink.accept(EOL);
        }
    }

    static String describe(int cp) {
        return "'" + new String(Character.toChars(cp)) + "' (U+" + String.format("%04X", cp) + ")";
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public TextOptions options() {
        return options;
    }

    public TokenSequence tokens() {
        return tokens;
    }

    /** Line mode: start index of each line, then the total length; null otherwise. */
    public int[] lineStarts() {
        return lineStarts == null ? null : lineStarts.clone();
    }

    public int lineCount() {
        return lineStarts == null ? 0 : lineStarts.length - 1;
    }

    public boolean lineMode() {
        return lineStarts != null;
    }
}
