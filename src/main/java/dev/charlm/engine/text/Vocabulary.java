package dev.charlm.engine.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ids for code points, ordered by descending corpus frequency, ties by code point. Characters cut
 * by {@code maxVocab} or {@code minFrequency} share one {@code <unk>} token, which exists only when some
 * character was cut; it is the last id. Immutable and safe to share.
 */
public final class Vocabulary {

    /** Code point recorded for the {@code <unk>} token. */
    public static final int UNK = -1;
    /** How {@code <unk>} is rendered in generated text: U+FFFD REPLACEMENT CHARACTER. */
    public static final int UNK_RENDERED = 0xFFFD;

    private final int[] codePoints;     // id -> code point (UNK for <unk>)
    private final long[] counts;        // id -> occurrences in the corpus (for <unk>: of all cut characters)
    private final Map<Integer, Integer> ids;
    private final int unkId;

    public Vocabulary(int[] codePoints, long[] counts) {
        if (codePoints.length != counts.length || codePoints.length == 0) {
            throw new IllegalArgumentException("a vocabulary needs at least one token and one count per token");
        }
        this.codePoints = codePoints.clone();
        this.counts = counts.clone();
        this.ids = new HashMap<>(codePoints.length * 2);
        int unk = -1;
        for (int i = 0; i < codePoints.length; i++) {
            if (codePoints[i] == UNK) {
                if (unk >= 0) {
                    throw new IllegalArgumentException("two <unk> tokens");
                }
                unk = i;
            } else if (ids.put(codePoints[i], i) != null) {
                throw new IllegalArgumentException("code point U+" + Integer.toHexString(codePoints[i]) + " twice");
            }
        }
        this.unkId = unk;
    }

    /**
     * Builds the vocabulary from code point frequencies.
     *
     * @param frequencies code point -> count
     */
    public static Vocabulary build(Map<Integer, Long> frequencies, int maxVocab, int minFrequency) {
        List<Map.Entry<Integer, Long>> entries = new ArrayList<>(frequencies.entrySet());
        entries.sort((a, b) -> a.getValue().equals(b.getValue())
                ? Integer.compare(a.getKey(), b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        int keep = 0;
        while (keep < entries.size() && entries.get(keep).getValue() >= minFrequency) {
            keep++;
        }
        if (maxVocab > 0 && (keep < entries.size() || keep > maxVocab)) {
            keep = Math.min(keep, maxVocab - 1);   // one slot goes to <unk>
        }
        boolean unk = keep < entries.size();
        int size = keep + (unk ? 1 : 0);
        int[] cps = new int[size];
        long[] cnt = new long[size];
        for (int i = 0; i < keep; i++) {
            cps[i] = entries.get(i).getKey();
            cnt[i] = entries.get(i).getValue();
        }
        if (unk) {
            long rest = 0;
            for (int i = keep; i < entries.size(); i++) {
                rest += entries.get(i).getValue();
            }
            cps[keep] = UNK;
            cnt[keep] = rest;
        }
        return new Vocabulary(cps, cnt);
    }

    public int size() {
        return codePoints.length;
    }

    public boolean hasUnk() {
        return unkId >= 0;
    }

    /** Id of {@code <unk>}, or -1 when the vocabulary has none. */
    public int unkId() {
        return unkId;
    }

    /** Id of a code point: its own, else {@code <unk>}'s, else -1. */
    public int id(int codePoint) {
        Integer id = ids.get(codePoint);
        return id != null ? id : unkId;
    }

    /** True when the code point has an id of its own. */
    public boolean contains(int codePoint) {
        return ids.containsKey(codePoint);
    }

    /** Code point of a token id ({@link #UNK} for {@code <unk>}). */
    public int codePoint(int id) {
        return codePoints[id];
    }

    public long count(int id) {
        return counts[id];
    }

    /** The token as text: its character, or U+FFFD for {@code <unk>}. */
    public String render(int id) {
        return Character.toString(codePoints[id] == UNK ? UNK_RENDERED : codePoints[id]);
    }

    /** The token for listings: its character, or {@code <unk>}. */
    public String label(int id) {
        return codePoints[id] == UNK ? "<unk>" : Character.toString(codePoints[id]);
    }

    public int[] codePoints() {
        return codePoints.clone();
    }

    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && Arrays.equals(codePoints, v.codePoints) && Arrays.equals(counts, v.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }
}
