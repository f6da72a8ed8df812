package dev.charlm.engine.sample;

import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.engine.train.Evaluator;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * How well a model predicts a text: mean negative log-likelihood per character with the state carried
 * through the whole text from a zero start (one stream), in nats, bits per character and perplexity.
 * Every character after the first is predicted; in line mode every line is scored from the zero input
 * like in training, its end-of-line token included.
 */
public final class Scorer {

    /** Window length of the forward passes; the state carries across windows, so it only sets speed. */
    private static final int WINDOW = 256;

    private final LanguageModel model;
    private final Network network;

    public Scorer(LanguageModel model, MatMul mm) {
        this.model = model;
        this.network = new Network(model.config(), mm, Kernels.pointwise(model.weights().precision()));
    }

    public Scorer(LanguageModel model) {
        this(model, Kernels.matMul("auto"));
    }

    /**
     * @param chars       characters predicted
     * @param nll         mean negative log-likelihood, nats per character
     * @param bitsPerChar nll / ln 2
     * @param perplexity  exp(nll)
     */
    public record Score(long chars, double nll, double bitsPerChar, double perplexity) {
    }

    public Score score(String text) {
        TextOptions o = model.text();
        TextOptions whole = new TextOptions(o.preprocessing(), o.lineMode(), o.joinLines(), 0, 0, 1);
        EncodedCorpus.Source source = EncodedCorpus.Source.of(text.getBytes(StandardCharsets.UTF_8));
        // names every character the vocabulary lacks, of the text as the corpus reader reads it
        Set<Integer> unknown = EncodedCorpus.unknownCharacters(source, whole, model.vocabulary());
        if (!unknown.isEmpty()) {
            throw new UnknownCharactersException(unknown);
        }
        EncodedCorpus enc;
        try {
            enc = EncodedCorpus.encode(source, whole, model.vocabulary());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nothing to score: " + e.getMessage(), e);
        }
        int n = enc.tokens().length();
        if (!enc.lineMode() && n < 2) {
            throw new IllegalArgumentException("the text needs at least 2 characters: the first one is given, the rest are predicted");
        }
        if (enc.lineMode() && enc.lineCount() == 0) {
            throw new IllegalArgumentException("the text has no non-blank line to score");
        }
        Evaluator evaluator = Evaluator.over(network, model.weights().precision(), enc.tokens(), enc.lineStarts(), 1,
                enc.lineMode() ? WINDOW : Math.min(WINDOW, n - 1));
        try (Parallel single = new Parallel(1)) {
            Network.LossSum s = evaluator.evaluate(model.packed(), single);
            double nll = s.nats() / s.count();
            return new Score(s.count(), nll, nll / Math.log(2), Math.exp(nll));
        }
    }
}
