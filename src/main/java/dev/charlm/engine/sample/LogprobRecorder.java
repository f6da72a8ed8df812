package dev.charlm.engine.sample;

import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a step's logits into a {@link TokenLogprob}: log-softmax of the raw logits in double precision
 * (temperature 1, no topK or topP), the chosen token's value and the {@code top} largest. Owns its
 * scratch array: one recorder per sequence, made only when a caller asks for log-probabilities, so a
 * plain sample pays nothing.
 */
final class LogprobRecorder {

    private final Vocabulary vocabulary;
    private final int top;
    /** (V): the step's log-probabilities. */
    private final double[] logp;
    private final boolean[] taken;

    LogprobRecorder(Vocabulary vocabulary, int top) {
        this.vocabulary = vocabulary;
        this.top = Math.min(top, vocabulary.size());
        this.logp = new double[vocabulary.size()];
        this.taken = new boolean[vocabulary.size()];
    }

    /** The entry of {@code chosen} for the row of logits at {@code offset}. */
    TokenLogprob record(Tensor logits, int offset, int chosen) {
        int V = logp.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            max = Math.max(max, logits.get(offset + v));
        }
        double sum = 0;
        for (int v = 0; v < V; v++) {
            sum += Math.exp(logits.get(offset + v) - max);
        }
        double logZ = max + Math.log(sum);
        for (int v = 0; v < V; v++) {
            logp[v] = logits.get(offset + v) - logZ;
        }
        return new TokenLogprob(vocabulary.render(chosen), logp[chosen], largest());
    }

    /** The first character of a prefix: nothing predicted it. */
    TokenLogprob unpredicted(int token) {
        return new TokenLogprob(vocabulary.render(token), null, null);
    }

    /** The {@code top} largest by selection, O(top × V) for the handful a client asks for. */
    private List<TokenLogprob.Candidate> largest() {
        List<TokenLogprob.Candidate> out = new ArrayList<>(top);
        Arrays.fill(taken, false);
        for (int k = 0; k < top; k++) {
            int best = -1;
            for (int v = 0; v < logp.length; v++) {
                if (!taken[v] && (best < 0 || logp[v] > logp[best])) {
                    best = v;   // strictly greater: the lower id wins a tie
                }
            }
            taken[best] = true;
            out.add(new TokenLogprob.Candidate(vocabulary.render(best), logp[best]));
        }
        return out;
    }
}
