package dev.charlm.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * CharLM's settings, under {@code charlm.*}.
 *
 * @param dataDir   directory holding corpora, models and their checkpoints (created if missing)
 * @param corpus    corpus upload settings
 * @param jobs      training job settings
 * @param sampling  sampling settings
 * @param bootstrap first-start settings
 * @param security  access control: an API token, allowed origins and hosts
 * @param web       limits on HTTP requests
 * @param sweeps    hyper-parameter sweeps
 */
@ConfigurationProperties("charlm")
public record CharLmProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Corpus corpus,
        @DefaultValue Jobs jobs,
        @DefaultValue Sampling sampling,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Security security,
        @DefaultValue Web web,
        @DefaultValue Sweeps sweeps) {

    /**
     * @param maxRuns most combinations (runs) one {@code POST /sweeps} grid may expand to; beyond it the sweep answers 400
     */
    public record Sweeps(@DefaultValue("64") int maxRuns) {
    }

    /**
     * @param maxSize    largest corpus accepted by {@code POST /corpora}; larger uploads get 413
     * @param maxPreview most characters {@code GET /corpora/{id}?preview=N} returns
     */
    public record Corpus(@DefaultValue("50MB") DataSize maxSize, @DefaultValue("10000") int maxPreview) {
    }

    /**
     * @param concurrency     jobs that train at the same time (the training executor's threads)
     * @param queueLimit      jobs that may wait for a free slot; beyond it {@code POST /models} answers 429
     * @param threads         threads one training step uses; 0 = the available cores shared out among the
     *                        {@code concurrency} jobs that may train at once (at least one each), so that jobs
     *                        running together never ask for more threads than there are cores
     * @param retryAfter      the Retry-After a 429 suggests
     * @param stopTimeout     how long {@code DELETE /models/{id}} waits for a running job to stop before it answers 409
     * @param shutdownTimeout how long a stopping service waits for running jobs to write a checkpoint and stop
     *                        (they end INTERRUPTED and can be resumed)
     * @param maxMemory       most memory one job's estimate (parameters, optimizer state, workspace, encoded corpus) may
     *                        reach, or {@code POST /models} and resume answer 400; unset: half the maximum heap
     * @param maxEventStreams open {@code GET /models/{id}/events} streams, all jobs together; beyond it 429
     * @param eventQueue      events one stream may have waiting to be written; a client that falls that far behind is
     *                        dropped (it reconnects with Last-Event-ID and gets a replay), so it never holds up training
     */
    public record Jobs(@DefaultValue("1") int concurrency, @DefaultValue("16") int queueLimit,
                       @DefaultValue("0") int threads, @DefaultValue("30s") Duration retryAfter,
                       @DefaultValue("60s") Duration stopTimeout, @DefaultValue("30s") Duration shutdownTimeout,
                       DataSize maxMemory, @DefaultValue("64") int maxEventStreams,
                       @DefaultValue("1000") int eventQueue) {

        public Jobs {
            // resolved once here: every job's result is the same whatever its thread count
            threads = threads > 0 ? threads : threadsPerJob(Runtime.getRuntime().availableProcessors(), concurrency);
        }

        /** The cores each of {@code concurrency} jobs gets when all of them run: never more than the machine has, at least 1. */
        static int threadsPerJob(int cores, int concurrency) {
            return Math.max(1, cores / Math.max(1, concurrency));
        }
    }

    /**
     * @param maxLength        most characters one sample may ask for
     * @param maxSamples       most samples one {@code POST /models/{id}/samples} may ask for (prefixes × n)
     * @param maxStops         most stop strings one sample may give
     * @param maxPrefix        longest prefix one sample may give, in characters (each prefix of a batched call)
     * @param maxScoreChars    longest text {@code POST /models/{id}/score} accepts, in characters
     * @param cachedModels     finished models kept loaded in memory for sampling
     * @param batchSize        concurrent JSON samples of one model advanced together, one matrix product per step
     *                         (the rows of the batching sampler's batch)
     * @param lanes            batches of each model stepped at the same time, each by its own thread (0 = one per
     *                         available core); fewer lanes leave training its share of the cores under sampling load
     * @param maxConcurrent    JSON samples ({@code GET /models/{id}/sample}) generated at the same time across all
     *                         models (0 = no cap); more wait their turn, in order, so that under a burst of sampling
     *                         training keeps its share of the cores
     * @param streamThreads    streamed samples ({@code text/event-stream}) generated at the same time
     * @param streamQueue      streamed samples that may wait for a thread; beyond both a stream request answers 429 with Retry-After
     * @param streamKeepAlive  how long an idle streaming thread lives before it ends
     * @param warmUpModels     models whose checkpoints were written last that are loaded and sampled once in the
     *                         background when the service is up, so that their first sample after a restart is fast
     *                         (0: none; at most {@code cachedModels})
     */
    public record Sampling(@DefaultValue("10000") int maxLength, @DefaultValue("256") int maxSamples,
                           @DefaultValue("10") int maxStops, @DefaultValue("10000000") int maxScoreChars,
                           @DefaultValue("8") int cachedModels, @DefaultValue("32") int batchSize,
                           @DefaultValue("0") int lanes, @DefaultValue("0") int maxConcurrent,
                           @DefaultValue("16") int streamThreads, @DefaultValue("64") int streamQueue,
                           @DefaultValue("60s") Duration streamKeepAlive, @DefaultValue("10000") int maxPrefix,
                           @DefaultValue("1") int warmUpModels) {
    }

    /**
     * @param maxJsonBody largest JSON request body; a larger one answers 413 before it is read into memory
     */
    public record Web(@DefaultValue("1MB") DataSize maxJsonBody) {
    }

    /**
     * @param enabled when the data directory holds no model at start-up, train a small GRU on the built-in
     *                {@code jaychou} corpus, so that a first start has a model to watch and sample
     */
    public record Bootstrap(@DefaultValue("true") boolean enabled) {
    }

    /**
     * @param apiToken       when set (also as {@code CHARLM_API_TOKEN}), mutating requests and model downloads need
     *                       {@code Authorization: Bearer <token>}
     * @param protectReads   with a token, the reads (every GET but health and the console's files) need it too
     * @param allowedOrigins other origins whose pages may call the API (CORS, and mutating requests with their Origin)
     * @param allowedHosts   when set, the only Host names answered (against DNS rebinding)
     */
    public record Security(String apiToken, @DefaultValue("false") boolean protectReads,
                           @DefaultValue List<String> allowedOrigins, @DefaultValue List<String> allowedHosts) {

        public boolean tokenSet() {
            return apiToken != null && !apiToken.isBlank();
        }
    }
}
