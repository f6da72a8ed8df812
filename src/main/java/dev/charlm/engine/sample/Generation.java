package dev.charlm.engine.sample;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * One sequence being generated, step by step: it says which token to feed next (a prefix token while
 * warming up, then the token it picked), reads the logits the network produced for it, and ends at the
 * length, a stop string, the end of line, or when its sink stops listening. Whoever runs the network
 * ({@link Sampler}, {@link BatchingSampler}) drives many of these with one product per step.
 */
final class Generation {

    private final LanguageModel model;
    private final SamplingOptions options;
    private final Sampler.TokenSink sink;
    private final String prefix;
    private final int[] ids;
    private final long seed;
    private final Rng rng;
    private final TokenPicker picker;
    private final StringBuilder text = new StringBuilder();
    /** Null unless the options ask for log-probabilities. */
    private final LogprobRecorder recorder;
    private final List<TokenLogprob> prefixLogprobs = new ArrayList<>();
    private final List<TokenLogprob> generatedLogprobs = new ArrayList<>();
    private int fed;
    private int generated;
    private int streamed;   // characters of text already handed to the sink
    private int streamedCodePoints;
    private boolean finished;
    private FinishReason reason;

    Generation(LanguageModel model, String prefix, long seed, SamplingOptions options, Sampler.TokenSink sink) {
        this.model = model;
        this.options = options;
        this.sink = sink;
        this.prefix = prefix;
        this.ids = model.encode(prefix);
        this.seed = seed;
        this.rng = new Rng(seed);
        this.picker = new TokenPicker(model.vocabulary().size());
        LogprobOptions lp = options.logprobs();
        this.recorder = lp == null ? null : new LogprobRecorder(model.vocabulary(), lp.top());
        if (lp != null && lp.prefix() && ids.length > 0) {
            prefixLogprobs.add(recorder.unpredicted(ids[0]));
        }
    }

    /**
     * The first input: the zero input (-1) in line mode, the first prefix token, or, for an empty prefix,
     * a first character drawn from the corpus's frequencies with the sampling options (temperature, topK,
     * topP; the most frequent when greedy), which becomes the first generated character.
     */
    int start() {
        if (ids.length == 0) {
            prefixRead();
        }
        if (model.lineMode()) {
            return -1;
        }
        if (ids.length > 0) {
            return feed();
        }
        if (options.length() == 0) {
            finish(FinishReason.LENGTH);
            return -1;
        }
        Vocabulary vocab = model.vocabulary();
        int first = firstCharacter(vocab);
        generated++;
        emitAndCheck(vocab.render(first));
        return first;
    }

    /** Reads this sequence's logits after a step; returns the next input, or -1 once finished. */
    int advance(Tensor logits, int offset) {
        if (finished) {
            return -1;
        }
        if (fed < ids.length) {
            // still warming up on the prefix; these logits predicted prefix token `fed` (in line mode the
            // first one too, from the zero input, but it is reported as unpredicted, as everywhere)
            if (recorder != null && options.logprobs().prefix() && fed > 0) {
                prefixLogprobs.add(recorder.record(logits, offset, ids[fed]));
            }
            return feed();
        }
        if (generated >= options.length()) {
            flush();
            finish(FinishReason.LENGTH);
            return -1;
        }
        int token = picker.pick(logits, offset, options, rng);
        generated++;
        if (token == model.endOfLine()) {
            flush();
            finish(FinishReason.END_OF_LINE);
            return -1;
        }
        if (recorder != null) {
            generatedLogprobs.add(recorder.record(logits, offset, token));
        }
        emitAndCheck(model.vocabulary().render(token));
        return finished ? -1 : token;
    }

    /** The next prefix token; after the last one, a {@link LogprobSink} gets the prefix's entries. */
    private int feed() {
        int id = ids[fed++];
        if (fed == ids.length) {
            prefixRead();
        }
        return id;
    }

    private void prefixRead() {
        if (recorder != null && sink instanceof LogprobSink l) {
            l.prefix(List.copyOf(prefixLogprobs));
        }
    }

    boolean finished() {
        return finished;
    }

    SampleResult result() {
        FinishReason r = reason == null ? FinishReason.LENGTH : reason;
        if (recorder == null) {
            return new SampleResult(prefix, text.toString(), seed, r);
        }
        // a stop string is cut from the text: its characters' entries go with it (one entry per code point)
        int kept = text.codePointCount(0, text.length());
        return new SampleResult(prefix, text.toString(), seed, r,
                new Logprobs(prefixLogprobs, generatedLogprobs.subList(0, Math.min(kept, generatedLogprobs.size()))));
    }

    private void emitAndCheck(String piece) {
        if (!emit(piece) && !finished) {
            finish(FinishReason.CANCELLED);
            return;
        }
        if (!finished && generated >= options.length()) {
            flush();
            finish(FinishReason.LENGTH);
        }
    }

    /**
     * Appends a piece. If the text now ends with a stop string, removes it and finishes; otherwise
     * streams what can no longer turn out to be part of a stop string (the longest tail of the text
     * that begins a stop string is held back). False when the sink quits.
     */
    private boolean emit(String piece) {
        text.append(piece);
        for (String stop : options.stop()) {
            int at = text.length() - stop.length();
            if (at >= 0 && text.indexOf(stop, at) == at) {
                text.setLength(at);
                finish(FinishReason.STOP);
                return flush();
            }
        }
        if (sink == null) {
            return true;
        }
        int hold = 0;
        for (String stop : options.stop()) {
            for (int k = Math.min(stop.length() - 1, text.length()); k > hold; k--) {
                if (text.indexOf(stop.substring(0, k), text.length() - k) == text.length() - k) {
                    hold = k;
                    break;
                }
            }
        }
        return send(text.length() - hold);
    }

    /** Streams the rest of the text. */
    private boolean flush() {
        return sink == null || send(text.length());
    }

    private boolean send(int upTo) {
        if (upTo <= streamed) {
            return true;
        }
        String part = text.substring(streamed, upTo);
        streamed = upTo;
        if (recorder != null && sink instanceof LogprobSink l) {
            // entries are recorded when a character is picked, so every streamed one has its entry
            int from = streamedCodePoints;
            streamedCodePoints += part.codePointCount(0, part.length());
            return l.accept(part, List.copyOf(generatedLogprobs.subList(from, streamedCodePoints)));
        }
        return sink.accept(part);
    }

    private void finish(FinishReason r) {
        finished = true;
        reason = r;
    }

    /**
     * The corpus's character frequencies as the first step's distribution: their logs go through the
     * picker like a network's logits, so temperature, topK and topP apply (greedy: id 0, the most frequent);
     * its log-probability is that of its frequency.
     */
    private int firstCharacter(Vocabulary vocab) {
        Tensor logFrequencies = Tensor.zeros(Precision.FLOAT64, 1, vocab.size());
        for (int i = 0; i < vocab.size(); i++) {
            logFrequencies.set(i, Math.log(vocab.count(i)));   // a count of 0 gives -inf: never drawn
        }
        int first = picker.pick(logFrequencies, 0, options, rng);
        if (recorder != null) {
            generatedLogprobs.add(recorder.record(logFrequencies, 0, first));
        }
        return first;
    }
}
