package dev.charlm.training;

import dev.charlm.corpus.Corpus;
import dev.charlm.engine.text.TokenSequence;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.InvalidFieldsException.FieldError;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * What a training job will hold in memory, estimated before it is accepted, so that one request cannot
 * exhaust the heap of the service. Counts the large arrays only (within ~20% of the measured peak):
 * weights and the copies the trainer keeps of their layout, the training and validation workspaces of
 * B × T positions, and the encoded corpus.
 *
 * @param parameterBytes weights, gradients, optimizer moments, the best weights, the packed matrices
 *                       (forward and transposed) and the checkpoint buffer, all P parameters wide
 * @param workspaceBytes the buffers of B·T positions: per layer the cell's states, caches and gradients
 *                       (G·H and H wide), the logits (V wide) and the embedding rows (E wide)
 * @param corpusBytes    the encoded corpus: one id per character trained on, of 1, 2 or 4 bytes by the vocabulary's size
 */
public record JobMemory(long parameterBytes, long workspaceBytes, long corpusBytes) {

    /** Used when {@code charlm.jobs.max-memory} is unset: half the heap the JVM may grow to. */
    static DataSize defaultLimit() {
        return DataSize.ofBytes(Runtime.getRuntime().maxMemory() / 2);
    }

    public long total() {
        return parameterBytes + workspaceBytes + corpusBytes;
    }

    /** 400 (naming the field whose term is largest) when the job's estimate exceeds {@code limit} (null: {@link #defaultLimit}). */
    static void check(TrainingConfig c, Corpus corpus, DataSize limit) {
        JobMemory m = of(c, corpus);
        long max = (limit == null ? defaultLimit() : limit).toBytes();
        if (m.total() > max) {
            throw new JobTooLargeException(m, max);
        }
    }

    static JobMemory of(TrainingConfig c, Corpus corpus) {
        long distinct = corpus.contents().distinctChars() + 1;   // + <unk>, as the resolver counts it
        int vocab = (int) Math.min(c.text().maxVocab() > 0 ? Math.min(distinct, c.text().maxVocab()) : distinct, Integer.MAX_VALUE);
        ModelConfig model = c.model().shape(vocab);
        int bytes = c.model().precision().bytes();
        boolean validation = c.validation().valFraction() > 0;

        long p = Parameters.count(model);
        // weights + gradients + moments + best, and the checkpoint buffer that writes weights, moments and best
        long copies = 2 + moments(c.optimization().optimizer()) + (validation ? 1 : 0);
        long checkpoint = 1 + moments(c.optimization().optimizer()) + (validation ? 1 : 0);
        long packed = 2 * Parameters.matmulWeights(model);   // forward operands and their transposes
        long parameterBytes = ((copies + checkpoint) * p + packed) * bytes;

        long n = (long) c.batching().batchSize() * c.batching().seqLength();
        long h = c.model().hiddenSize();
        long perPosition = (long) c.model().layers() * h * cellWidths(c.model().cell(), true)
                + (c.model().dropout() > 0 ? 2L * (c.model().layers() - 1) * h : 0)
                + vocab + 2L * c.model().embeddingSize();
        if (validation) {   // the evaluator's workspace, same window, forward only
            perPosition += (long) c.model().layers() * h * cellWidths(c.model().cell(), false) + vocab + c.model().embeddingSize();
        }
        long workspaceBytes = n * perPosition * bytes + n * (4 + 4 + 8 + 8 + 8);   // + inputs, targets, weights, nll, mask

        long chars = c.text().maxChars() > 0 ? Math.min(c.text().maxChars(), corpus.contents().chars()) : corpus.contents().chars();
        return new JobMemory(parameterBytes, workspaceBytes, TokenSequence.bytesPerToken(vocab) * chars);
    }

    /** Moment buffers the optimizer keeps, each as large as the parameters. */
    private static int moments(OptimizerConfig o) {
        return switch (o.type()) {
            case ADAM -> 2;
            case RMSPROP, ADAGRAD -> 1;
            case SGD -> o.momentum() > 0 ? 1 : 0;
        };
    }

    /**
     * Per position, the H-wide columns one layer's cell allocates (read off the cells' constructors): in training its
     * states (after, entering), caches and their gradients; forward only its states and caches.
     */
    private static int cellWidths(CellType cell, boolean training) {
        return switch (cell) {
            // pre, after [, entering, dhAbove, dPre]
            case RNN -> training ? 5 : 2;
            // gates 3H, ghh, after [, entering, dhAbove, dGates 3H, dGh 3H]
            case GRU -> training ? 13 : 5;
            // gates 4H, after, c, tanhC [, entering, dhAbove, dGates 4H]
            case LSTM -> training ? 13 : 7;
        };
    }

    /** The estimate is over {@code charlm.jobs.max-memory}: 400 with the estimate and the limit. */
    static final class JobTooLargeException extends InvalidFieldsException {

        JobTooLargeException(JobMemory m, long limit) {
            super(List.of(new FieldError(field(m), "the job would need about " + mb(m.total()) + " of memory ("
                    + mb(m.parameterBytes()) + " parameters and optimizer state, " + mb(m.workspaceBytes()) + " workspace, "
                    + mb(m.corpusBytes()) + " encoded corpus); at most " + mb(limit) + " (charlm.jobs.max-memory)")));
            getBody().setProperty("estimatedBytes", m.total());
            getBody().setProperty("limitBytes", limit);
        }

        /** The option that most drives the largest term, so the client knows what to lower. */
        private static String field(JobMemory m) {
            if (m.corpusBytes() >= m.parameterBytes() && m.corpusBytes() >= m.workspaceBytes()) {
                return "maxChars";
            }
            return m.parameterBytes() >= m.workspaceBytes() ? "hiddenSize" : "batchSize";
        }

        private static String mb(long bytes) {
            return (bytes + (1 << 19)) / (1 << 20) + " MB";
        }
    }
}
