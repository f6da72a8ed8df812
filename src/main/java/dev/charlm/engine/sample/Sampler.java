package dev.charlm.engine.sample;

import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.nn.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates text from a {@link LanguageModel}. The model's weights are shared and only read; each call
 * allocates its own state buffers, so any number of threads may sample one model at once.
 *
 * <p>Warm-up: every prefix token is fed through the network with the state carried, then each step
 * picks a token from the last logits and feeds it back. In line mode a sequence starts from the zero
 * input, as in training, and generation ends at the end-of-line token. An empty prefix outside line
 * mode starts from the zero state with a first character drawn from the corpus's character
 * frequencies, with the same temperature, topK and topP as every other step (the most frequent one
 * when greedy); that character is part of the generated text.
 *
 * <p>{@link #sampleMany} advances N sequences together, one (N × H)·(H × G·H) product per layer per step.
 * With more than one thread, the N sequences are cut into that many contiguous groups, each advanced by
 * its own thread with its own buffers and no synchronisation per step; rows of a batch never influence
 * each other (see {@link MatMul}), so every sample is the same bit for bit whatever the thread count.
 */
public final class Sampler {

    /** Receives each generated piece of text as soon as it exists; returns false to stop generation. */
    @FunctionalInterface
    public interface TokenSink {
        boolean accept(String piece);
    }

    private final LanguageModel model;
    private final Network network;
    /** Threads one {@link #sampleMany} call uses at most. */
    private final int threads;

    /** A sampler whose {@link #sampleMany} uses up to {@code threads} threads (one group of sequences each). */
    public Sampler(LanguageModel model, MatMul mm, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.model = model;
        this.network = new Network(model.config(), mm, Kernels.pointwise(model.weights().precision()));
        this.threads = threads;
    }

    public Sampler(LanguageModel model, MatMul mm) {
        this(model, mm, 1);
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
        long baseSeed = options.seed() != null ? options.seed() : SamplingOptions.randomSeed();
        Generation[] g = new Generation[n];
        for (int i = 0; i < n; i++) {
            g[i] = new Generation(model, prefixes.get(i), baseSeed + i, options, n == 1 ? sink : null);
        }
        int parts = Math.min(threads, n);
        if (parts == 1) {
            generate(g, 0, n);
        } else {
            try (Parallel par = new Parallel(parts)) {
                par.run(parts, part -> generate(g, Parallel.start(n, parts, part), Parallel.start(n, parts, part + 1)));
            }
        }
        List<SampleResult> results = new ArrayList<>(n);
        for (Generation x : g) {
            results.add(x.result());
        }
        return results;
    }

    /** Advances sequences [from, to) together until each is finished, in a workspace of their own. */
    private void generate(Generation[] g, int from, int to) {
        int n = to - from;
        Workspace ws = new Workspace(model.config(), model.weights().precision(), n, 1, false);
        int V = model.vocabulary().size();
        int[] next = new int[n];
        boolean active = false;
        for (int b = 0; b < n; b++) {
            next[b] = g[from + b].start();
            active |= !g[from + b].finished();
        }
        while (active) {
            System.arraycopy(next, 0, ws.inputs, 0, n);
            network.forward(model.packed(), ws, 0, n, Network.Dropout.NONE);
            network.carryState(ws);
            active = false;
            for (int b = 0; b < n; b++) {
                next[b] = g[from + b].advance(ws.logits(), b * V);
                active |= !g[from + b].finished();
            }
        }
    }
}
