package dev.charlm.engine.sample;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.nn.Workspace;
import dev.charlm.engine.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates text from a {@link LanguageModel}. The model's weights are shared and only read; each call
 * allocates its own state buffers, so any number of threads may sample one model at once.
 *
 * <p>Warm-up: every prefix token is fed through the network with the state carried, then each step
 * picks a token from the last logits and feeds it back. In line mode a sequence starts from the zero
 * input, as in training, and generation ends at the end-of-line token. An empty prefix outside line
 * mode starts from the zero state with a first character drawn from the corpus's character
 * frequencies (the most frequent one when greedy); that character is part of the generated text.
 *
 * <p>{@link #sampleMany} advances N sequences together, one (N × H)·(H × G·H) product per layer per step.
 */
public final class Sampler {

    /** Receives each generated piece of text as soon as it exists; returns false to stop generation. */
    @FunctionalInterface
    public interface TokenSink {
        boolean accept(String piece);
    }

    private final LanguageModel model;
    private final Network network;

    public Sampler(LanguageModel model, MatMul mm) {
        this.model = model;
        this.network = new Network(model.config(), mm, Kernels.pointwise(model.weights().precision()));
    }

    public Sampler(LanguageModel model) {
        this(model, Kernels.matMul("auto"));
    }

    public LanguageModel model() {
        return model;
    }

    public SampleResult sample(String prefix, SamplingOptions options) {
        return sample(prefix, options, null);
    }

    /** One sample; {@code sink} (may be null) gets every generated character as it is produced. */
    public SampleResult sample(String prefix, SamplingOptions options, TokenSink sink) {
        return run(List.of(prefix), options, sink).get(0);
    }

    /**
     * One sample per prefix, advanced together. Sequence i uses seed {@code options.seed() + i}, so
     * each result can be reproduced alone with {@link #sample} and its reported seed.
     */
    public List<SampleResult> sampleMany(List<String> prefixes, SamplingOptions options) {
        return run(prefixes, options, null);
    }

    private List<SampleResult> run(List<String> prefixes, SamplingOptions options, TokenSink sink) {
        int n = prefixes.size();
        if (n == 0) {
            return List.of();
        }
        long baseSeed = options.seed() != null ? options.seed() : ThreadLocalRandom.current().nextLong() >>> 1;
        Vocabulary vocab = model.vocabulary();
        int eol = model.endOfLine();
        Stream[] streams = new Stream[n];
        for (int i = 0; i < n; i++) {
            streams[i] = new Stream(prefixes.get(i), model.encode(prefixes.get(i)), baseSeed + i, options, vocab.size());
        }
        Workspace ws = new Workspace(model.config(), model.weights().precision(), n, 1, false);
        int V = vocab.size();
        // first input of every stream: the zero input (line mode), a prefix token, or a drawn first character
        for (Stream s : streams) {
            if (model.lineMode()) {
                s.next = -1;
            } else if (s.ids.length > 0) {
                s.next = s.ids[s.fed++];
            } else if (options.length() == 0) {
                s.finish(FinishReason.LENGTH);
            } else {
                s.next = firstCharacter(vocab, s, options);
                s.generated++;
                if (!s.emit(vocab.render(s.next), options, sink) && !s.finished) {
                    s.finish(FinishReason.CANCELLED);
                } else {
                    s.done(options, sink);
                }
            }
        }
        boolean active = true;
        while (active) {
            for (int b = 0; b < n; b++) {
                ws.inputs[b] = streams[b].finished ? -1 : streams[b].next;
            }
            network.forward(model.packed(), ws, 0, n, Network.Dropout.NONE);
            network.carryState(ws);
            active = false;
            for (int b = 0; b < n; b++) {
                Stream s = streams[b];
                if (s.finished) {
                    continue;
                }
                if (s.fed < s.ids.length) {
                    s.next = s.ids[s.fed++];      // still warming up on the prefix
                    active = true;
                    continue;
                }
                if (s.generated >= options.length()) {
                    s.flush(n == 1 ? sink : null);
                    s.finish(FinishReason.LENGTH);
                    continue;
                }
                int token = s.picker.pick(ws.logits(), b * V, options, s.rng);
                s.generated++;
                TokenSink out = n == 1 ? sink : null;
                if (token == eol) {
                    s.flush(out);
                    s.finish(FinishReason.END_OF_LINE);
                    continue;
                }
                if (!s.emit(vocab.render(token), options, out) && !s.finished) {
                    s.finish(FinishReason.CANCELLED);
                    continue;
                }
                if (s.done(options, out)) {
                    continue;
                }
                s.next = token;
                active = true;
            }
        }
        List<SampleResult> results = new ArrayList<>(n);
        for (Stream s : streams) {
            results.add(new SampleResult(s.prefix, s.text.toString(), s.seed, s.reason == null ? FinishReason.LENGTH : s.reason));
        }
        return results;
    }

    private static int firstCharacter(Vocabulary vocab, Stream s, SamplingOptions o) {
        if (o.temperature() == 0) {
            return 0;   // ids are ordered by frequency
        }
        long total = 0;
        for (int i = 0; i < vocab.size(); i++) {
            total += vocab.count(i);
        }
        double u = s.rng.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < vocab.size(); i++) {
            acc += vocab.count(i);
            if (u < acc) {
                return i;
            }
        }
        return vocab.size() - 1;
    }

    /** One sequence being generated. */
    private static final class Stream {
        final String prefix;
        final int[] ids;
        final long seed;
        final Rng rng;
        final TokenPicker picker;
        final StringBuilder text = new StringBuilder();
        int fed;
        int next;
        int generated;
        boolean finished;
        FinishReason reason;

        Stream(String prefix, int[] ids, long seed, SamplingOptions o, int vocab) {
            this.prefix = prefix;
            this.ids = ids;
            this.seed = seed;
            this.rng = new Rng(seed);
            this.picker = new TokenPicker(vocab);
        }

        int streamed;   // characters of text already handed to the sink

        /**
         * Appends a piece. If the text now ends with a stop string, removes it and finishes; otherwise
         * streams what can no longer turn out to be part of a stop string (the longest tail of the text
         * that begins a stop string is held back). False when the sink quits.
         */
        boolean emit(String piece, SamplingOptions o, TokenSink sink) {
            text.append(piece);
            for (String stop : o.stop()) {
                int at = text.length() - stop.length();
                if (at >= 0 && text.indexOf(stop, at) == at) {
                    text.setLength(at);
                    finish(FinishReason.STOP);
                    return flush(sink);
                }
            }
            if (sink == null) {
                return true;
            }
            int hold = 0;
            for (String stop : o.stop()) {
                for (int k = Math.min(stop.length() - 1, text.length()); k > hold; k--) {
                    if (text.indexOf(stop.substring(0, k), text.length() - k) == text.length() - k) {
                        hold = k;
                        break;
                    }
                }
            }
            return send(text.length() - hold, sink);
        }

        /** Streams the rest of the text. */
        boolean flush(TokenSink sink) {
            return sink == null || send(text.length(), sink);
        }

        private boolean send(int upTo, TokenSink sink) {
            if (upTo <= streamed) {
                return true;
            }
            String part = text.substring(streamed, upTo);
            streamed = upTo;
            return sink.accept(part);
        }

        /** True when the stream has finished (at a stop string) or reached the length limit. */
        boolean done(SamplingOptions o, TokenSink sink) {
            if (finished) {
                return true;
            }
            if (generated >= o.length()) {
                flush(sink);
                finish(FinishReason.LENGTH);
                return true;
            }
            return false;
        }

        void finish(FinishReason r) {
            finished = true;
            reason = r;
        }
    }
}
