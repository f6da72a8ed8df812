package dev.charlm.engine.sample;

import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.nn.Workspace;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Serves concurrent sampling requests for one model by advancing them together: a request joins a
 * running batch at the next step and leaves when it is done, and every step feeds the whole batch
 * through the network with one product per layer, so the weights are read once per step for all of
 * them instead of once per caller. There is one batch ("lane") per core, each stepped by its own
 * thread; a request goes to the lane with the least work. A lane's thread waits a while for new work
 * before it ends. A request with nothing else in flight is simply sampled on its caller's thread, and
 * with two or more lanes on two cores (see {@link Sampler}) at each step where it is still alone and
 * {@code coresFree} says the machine has a core to spare.
 *
 * <p>Rows of a batch never influence each other (see {@link dev.charlm.engine.kernel.MatMul}), so a
 * seeded request gives the same text batched or alone.
 */
public final class BatchingSampler {

    /** How long an idle lane thread waits for work before it ends. */
    private static final long LINGER_MILLIS = 2000;

    private final LanguageModel model;
    private final Network network;
    private final int capacity;
    private final Lane[] lanes;
    private final Sampler alone;
    /** Requests being served, batched or alone. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private record Pending(Generation generation, CompletableFuture<SampleResult> result) {
    }

    /**
     * {@code lanes} batches of {@code capacity} requests; a lone request takes two cores per step when
     * lanes >= 2 and {@code coresFree} (asked before each of its steps: keep it cheap) says yes.
     */
    public BatchingSampler(LanguageModel model, int capacity, int lanes, MatMul mm, BooleanSupplier coresFree) {
        if (capacity < 1 || lanes < 1) {
            throw new IllegalArgumentException("capacity and lanes must be >= 1");
        }
        this.model = model;
        this.network = new Network(model.config(), mm, Kernels.pointwise(model.weights().precision()));
        this.capacity = capacity;
        this.alone = new Sampler(model, mm, Math.min(lanes, 2), () -> inFlight.get() == 1 && coresFree.getAsBoolean());
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane(i);
        }
    }

    public BatchingSampler(LanguageModel model, int capacity, int lanes, MatMul mm) {
        this(model, capacity, lanes, mm, () -> true);
    }

    /** {@code capacity} requests per lane, one lane per available core. */
    public BatchingSampler(LanguageModel model, int capacity) {
        this(model, capacity, Runtime.getRuntime().availableProcessors(), Kernels.matMul("auto"));
    }

    public LanguageModel model() {
        return model;
    }

    /**
     * Generates one sample, sharing steps with whatever else is being sampled from this model. A request
     * that arrives when nothing else is in flight runs on the caller's thread: batching only pays when
     * there is someone to batch with.
     */
    public SampleResult sample(String prefix, SamplingOptions options) {
        if (inFlight.getAndIncrement() == 0) {
            try {
                return alone.sample(prefix, options);
            } finally {
                inFlight.decrementAndGet();
            }
        }
        try {
            return batched(prefix, options);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private SampleResult batched(String prefix, SamplingOptions options) {
        long seed = options.seed() != null ? options.seed() : SamplingOptions.randomSeed();
        Pending p = new Pending(new Generation(model, prefix, seed, options, null), new CompletableFuture<>());
        Lane lane = lanes[0];
        for (Lane l : lanes) {
            if (l.load.get() < lane.load.get()) {
                lane = l;
            }
        }
        lane.submit(p);
        try {
            return p.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sampling", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** One batch and the thread that steps it. */
    private final class Lane {
        private final int index;
        private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
        /** Requests queued or running in this lane. */
        private final AtomicInteger load = new AtomicInteger();
        private boolean running;   // guarded by this

        Lane(int index) {
            this.index = index;
        }

        void submit(Pending p) {
            load.incrementAndGet();
            pending.add(p);
            synchronized (this) {
                if (!running) {
                    running = true;
                    Thread t = new Thread(this::serve, "charlm-sampler-" + index);
                    t.setDaemon(true);
                    t.start();
                }
            }
        }

        /** Admits waiting requests into free rows, steps the batch, hands back finished requests. */
        private void serve() {
            Workspace ws = new Workspace(model.config(), model.weights().precision(), capacity, 1, false);
            int V = model.vocabulary().size();
            Pending[] rows = new Pending[capacity];
            int[] next = new int[capacity];
            boolean[] fresh = new boolean[capacity];
            int active = 0;
            while (true) {
                if (active == 0) {
                    Pending first;
                    try {
                        first = pending.poll(LINGER_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        first = null;
                    }
                    if (first == null) {
                        synchronized (this) {
                            if (pending.isEmpty()) {
                                running = false;
                                return;
                            }
                        }
                        continue;
                    }
                    active += admit(first, 0, rows, next, fresh);
                }
                for (int b = 0; b < capacity && !pending.isEmpty(); b++) {
                    if (rows[b] == null) {
                        Pending p = pending.poll();
                        if (p != null) {
                            active += admit(p, b, rows, next, fresh);
                        }
                    }
                }
                if (active == 0) {
                    continue;
                }
                int used = 0;
                for (int b = 0; b < capacity; b++) {
                    if (rows[b] != null) {
                        used = b + 1;
                    }
                }
                for (int b = 0; b < used; b++) {
                    ws.inputs[b] = rows[b] != null ? next[b] : -1;
                }
                network.resetRows(ws, fresh);   // a new request starts from the zero state
                Arrays.fill(fresh, false);
                try {
                    network.forward(model.packed(), ws, 0, used, Network.Dropout.NONE);
                    network.carryState(ws);
                    for (int b = 0; b < used; b++) {
                        Pending p = rows[b];
                        if (p == null) {
                            continue;
                        }
                        next[b] = p.generation().advance(ws.logits(), b * V);
                        if (p.generation().finished()) {
                            done(p);
                            rows[b] = null;
                            active--;
                        }
                    }
                } catch (RuntimeException | Error e) {
                    for (int b = 0; b < capacity; b++) {
                        if (rows[b] != null) {
                            load.decrementAndGet();
                            rows[b].result().completeExceptionally(e);
                            rows[b] = null;
                        }
                    }
                    active = 0;
                }
            }
        }

        /** Starts a request in row b; returns 1 when it occupies the row, 0 when it is already done. */
        private int admit(Pending p, int b, Pending[] rows, int[] next, boolean[] fresh) {
            int row = b;
            while (rows[row] != null) {
                row++;
            }
            try {
                next[row] = p.generation().start();
            } catch (RuntimeException e) {
                load.decrementAndGet();
                p.result().completeExceptionally(e);
                return 0;
            }
            if (p.generation().finished()) {
                done(p);
                return 0;
            }
            rows[row] = p;
            fresh[row] = true;
            return 1;
        }

        private void done(Pending p) {
            load.decrementAndGet();
            p.result().complete(p.generation().result());
        }
    }
}
