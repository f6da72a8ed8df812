package dev.charlm.sampling;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.sample.BatchingSampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.training.CheckpointStore;
import dev.charlm.training.JobRegistry;
import dev.charlm.training.TrainingJob;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Start-up: on a thread of its own, loads the models whose checkpoints were written last into {@link LoadedModels}
 * and runs one short sample through each, so that the first request after a restart finds the weights read and the
 * sampling code loaded and compiled (it took 0.4-0.5 s, against 25 ms for the next one: most of it the vector
 * kernels running before the JIT has compiled them). It begins once the service is ready, not earlier: on 2 cores a
 * warm-up that ran while the context started delayed the time to healthy by 0.3 s, more than it saved the first
 * sample (scripts/bench.sh --cold-start). Until it is over, readiness says OUT_OF_SERVICE ({@link WarmUpReadiness}):
 * a sample sent meanwhile would share the two cores with it and still run the kernels before C2 has compiled them.
 * A request that comes anyway waits for the load in progress instead of reading the file again.
 * {@code charlm.sampling.warm-up-models} says how many models (0: none).
 */
@Component
class ModelWarmUp implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ModelWarmUp.class);
    /**
     * What an HTTP sample does by default (temperature 1, seeded here so that a warm-up is repeatable) and a greedy
     * one, alternated {@link #ROUNDS} times: enough steps for C2 to compile and intrinsify the vector kernels of the
     * whole step (one 64-character greedy probe left the first real sample at 170 ms, against 25 ms warm; the first
     * 200 characters take 250-400 ms cold, the next 200 20-50 ms, the third about as long as a warm sample).
     */
    private static final List<SamplingOptions> PROBES = List.of(SamplingOptions.of(200, 1.0, 1L), SamplingOptions.greedy(64));
    private static final int ROUNDS = 3;

    private final JobRegistry jobs;
    private final CheckpointStore checkpoints;
    private final LoadedModels models;
    private final Samplers samplers;
    private final int count;
    private final CompletableFuture<List<String>> warmed = new CompletableFuture<>();
    private volatile boolean closed;

    ModelWarmUp(JobRegistry jobs, CheckpointStore checkpoints, LoadedModels models, Samplers samplers,
                CharLmProperties properties) {
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.models = models;
        this.samplers = samplers;
        this.count = Math.min(Math.max(0, properties.sampling().warmUpModels()), Math.max(1, properties.sampling().cachedModels()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (count == 0 || jobs.isEmpty()) {
            warmed.complete(List.of());
            return;
        }
        Thread t = new Thread(this::run, "model-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** The ids of the models warmed, newest checkpoint first, once the warm-up is over. */
    CompletableFuture<List<String>> warmed() {
        return warmed;
    }

    private void run() {
        try {
            List<TrainingJob> newest = newestCheckpoints();
            for (TrainingJob job : newest) {
                if (closed) {
                    break;
                }
                warm(job);
            }
            warmed.complete(newest.stream().map(TrainingJob::id).toList());
        } catch (RuntimeException e) {
            LOG.warn("Warming up the sampling models failed ({}); the first sample of each model loads it", e.toString());
            warmed.completeExceptionally(e);
        }
    }

    private record Stored(TrainingJob job, Instant written) {
    }

    /** The {@code count} models with a stored checkpoint (not training now), the most recently written first. */
    private List<TrainingJob> newestCheckpoints() {
        return jobs.list(null).stream()
                .filter(j -> j.checkpointStep() != null && j.serving() == null)
                .flatMap(j -> checkpoints.latest(j.id()).map(v -> new Stored(j, v.written())).stream())
                .sorted(Comparator.comparing(Stored::written).reversed())
                .limit(count).map(Stored::job).toList();
    }

    /** One model: a failure is the first request's to report (it reads the same file), so it is only logged here. */
    private void warm(TrainingJob job) {
        long start = System.nanoTime();
        try {
            LanguageModel m = models.model(job);
            BatchingSampler sampler = samplers.of(job.id(), m);
            for (int i = 0; i < ROUNDS && !closed; i++) {
                for (SamplingOptions probe : PROBES) {
                    // as SamplingService does: counted as generating, so that a lone sample's two-core step runs
                    samplers.generating(() -> sampler.sample("", probe));
                }
            }
            LOG.debug("Model {} loaded and warmed up in {} ms", job.id(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("Model {} could not be warmed up ({}); its first sample will say why", job.id(), e.toString());
        }
    }

    @Override
    public void destroy() {
        closed = true;
    }
}
