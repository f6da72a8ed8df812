package dev.charlm.engine.nn;

import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.engine.text.Vocabulary;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A trained model as samplers and scorers see it: its shape, vocabulary, text options and weights.
 * The weights are shared read-only by every thread that samples; nobody writes them after
 * construction (a training job hands out copies).
 */
public final class LanguageModel {

    private final ModelConfig config;
    private final TextOptions text;
    private final Vocabulary vocabulary;
    private final Parameters weights;
    private volatile PackedWeights packed;

    public LanguageModel(ModelConfig config, TextOptions text, Vocabulary vocabulary, Parameters weights) {
        if (vocabulary.size() != config.vocabSize()) {
            throw new IllegalArgumentException("vocabulary of " + vocabulary.size() + " for a model of " + config.vocabSize());
        }
        if (!weights.config().equals(config)) {
            throw new IllegalArgumentException("weights of another shape");
        }
        this.config = config;
        this.text = text;
        this.vocabulary = vocabulary;
        this.weights = weights;
    }

    public ModelConfig config() {
        return config;
    }

    public TextOptions text() {
        return text;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Parameters weights() {
        return weights;
    }

    /** The weights packed for the matrix kernel, made once on first use and shared by every caller. */
    public PackedWeights packed() {
        PackedWeights p = packed;
        if (p == null) {
            synchronized (this) {
                p = packed;
                if (p == null) {
                    p = packed = PackedWeights.forInference(weights);
                }
            }
        }
        return p;
    }

    public boolean lineMode() {
        return text.lineMode();
    }

    /** Id of the end-of-line token in line mode, else -1. */
    public int endOfLine() {
        return text.lineMode() && vocabulary.contains(EncodedCorpus.EOL) ? vocabulary.id(EncodedCorpus.EOL) : -1;
    }

    /**
     * Token ids of a text after this model's preprocessing. Characters outside the vocabulary map to
     * {@code <unk>} when the vocabulary has one; otherwise they are refused, all of them named. Line
     * breaks are read as the corpus was: joinLines makes {@code \n} and {@code \r} spaces, and line mode
     * drops {@code \r} (a CRLF line ends like an LF one).
     */
    public int[] encode(String raw) {
        String lines = text.joinLines() ? raw.replace('\n', ' ').replace('\r', ' ')
                : text.lineMode() ? raw.replace("\r", "") : raw;
        String s = text.preprocessing().apply(lines);
        int[] cps = s.codePoints().toArray();
        int[] ids = new int[cps.length];
        Set<Integer> unknown = new LinkedHashSet<>();
        for (int i = 0; i < cps.length; i++) {
            ids[i] = vocabulary.id(cps[i]);
            if (ids[i] < 0) {
                unknown.add(cps[i]);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownCharactersException(unknown);
        }
        return ids;
    }
}
