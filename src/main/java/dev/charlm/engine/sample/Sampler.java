package dev.charlm.engine.sample;

import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.kernel.SpinWorker;
import dev.charlm.engine.kernel.SplitMatMul;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.nn.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

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
 *
 * <p>A single sequence with two or more threads takes two cores per step: the large products (the
 * recurrent W_h) are split by panels of columns between the caller and one helper thread
 * ({@link SplitMatMul}), each keeping its half of the weights in its own core's L2. Columns keep their
 * summation order, so the sample is again the same bit for bit. One sequence at a time has the helper
 * (another one meanwhile runs on its caller's thread alone), and before each step a {@code twoCores}
 * condition says whether the second core is free now (false: that step runs on the caller alone).
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
    /** The second core of a single sequence's step; null with one thread. */
    private final SpinWorker helper;
    /** {@link #network} with its large products split with {@link #helper}; null with one thread. */
    private final Network splitNetwork;
    /** Asked before each two-core step: whether the second core is free now. */
    private final BooleanSupplier twoCores;

    /**
     * A sampler whose {@link #sampleMany} uses up to {@code threads} threads (one group of sequences each),
     * and whose single sequences use two cores per step when {@code threads} >= 2 and {@code twoCores}
     * (asked before every step: keep it cheap) says yes.
     */
    public Sampler(LanguageModel model, MatMul mm, int threads, BooleanSupplier twoCores) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.model = model;
        this.network = new Network(model.config(), mm, Kernels.pointwise(model.weights().precision()));
        this.threads = threads;
        this.twoCores = twoCores;
        if (threads >= 2) {
            this.helper = new SpinWorker("charlm-sample-helper");
            this.splitNetwork = new Network(model.config(), new SplitMatMul(mm, helper), Kernels.pointwise(model.weights().precision()));
        } else {
            this.helper = null;
            this.splitNetwork = null;
        }
    }

    /** A sampler whose {@link #sampleMany} uses up to {@code threads} threads, and a single sequence two cores when threads >= 2. */
    public Sampler(LanguageModel model, MatMul mm, int threads) {
        this(model, mm, threads, () -> true);
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
        if (n == 1 && helper != null && helper.tryAcquire()) {
            try {
                generate(g, 0, 1, true);
            } finally {
                helper.release();
            }
        } else if (parts == 1) {
            generate(g, 0, n, false);
        } else {
            try (Parallel par = new Parallel(parts)) {
                par.run(parts, part -> generate(g, Parallel.start(n, parts, part), Parallel.start(n, parts, part + 1), false));
            }
        }
        List<SampleResult> results = new ArrayList<>(n);
        for (Generation x : g) {
            results.add(x.result());
        }
        return results;
    }

    /**
     * Advances sequences [from, to) together until each is finished, in a workspace of their own; with
     * {@code split} (the caller owns {@link #helper}), on two cores at each step where {@link #twoCores} allows.
     */
    private void generate(Generation[] g, int from, int to, boolean split) {
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
            Network net = split && twoCores.getAsBoolean() ? splitNetwork : network;
            net.forward(model.packed(), ws, 0, n, Network.Dropout.NONE);
            net.carryState(ws);
            active = false;
            for (int b = 0; b < n; b++) {
                next[b] = g[from + b].advance(ws.logits(), b * V);
                active |= !g[from + b].finished();
            }
        }
    }
}
