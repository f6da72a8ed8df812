package dev.charlm.engine.sample;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Tensor;

/**
 * Picks the next token from a row of logits: greedy when temperature is 0, otherwise softmax(logits / T)
 * restricted to the top-K tokens, renormalised, then to the smallest nucleus of those whose share of the
 * top-K mass reaches topP, and one draw from it. Ties are broken by the lower id. Owns its scratch
 * arrays: one picker per sampling call.
 */
final class TokenPicker {

    private final int vocab;
    private final double[] probs;
    private final Integer[] order;

    TokenPicker(int vocab) {
        this.vocab = vocab;
        this.probs = new double[vocab];
        this.order = new Integer[vocab];
    }

    int pick(Tensor logits, int offset, SamplingOptions o, Rng rng) {
        if (o.temperature() == 0 || o.topK() == 1) {
            return argmax(logits, offset);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logits.get(offset + v));
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            probs[v] = Math.exp((logits.get(offset + v) - max) / o.temperature());
            sum += probs[v];
        }
        boolean restricted = (o.topK() > 0 && o.topK() < vocab) || o.topP() < 1;
        if (!restricted) {
            return draw(sum, rng);
        }
        for (int v = 0; v < vocab; v++) {
            order[v] = v;
        }
        java.util.Arrays.sort(order, (a, b) -> probs[a] == probs[b] ? Integer.compare(a, b) : Double.compare(probs[b], probs[a]));
        int keep = o.topK() > 0 ? Math.min(o.topK(), vocab) : vocab;
        if (o.topP() < 1) {
            // topP is a share of the top-K mass, the distribution renormalised to the top K (as in
            // Hugging Face's and llama.cpp's samplers), not of the whole vocabulary's
            double topKMass = sum;
            if (keep < vocab) {
                topKMass = 0;
                for (int i = 0; i < keep; i++) {
                    topKMass += probs[order[i]];
                }
            }
            double mass = 0;
            double target = o.topP() * topKMass;
            int n = 0;
            while (n < keep) {
                mass += probs[order[n]];
                n++;
                if (mass >= target) {
                    break;
                }
            }
            keep = n;
        }
        double kept = 0;
        for (int i = 0; i < vocab; i++) {
            if (i < keep) {
                kept += probs[order[i]];
            } else {
                probs[order[i]] = 0;
            }
        }
        return draw(kept, rng);
    }

    private int draw(double sum, Rng rng) {
        double u = rng.nextDouble() * sum;
        double acc = 0;
        int last = 0;
        for (int v = 0; v < vocab; v++) {
            if (probs[v] > 0) {
                acc += probs[v];
                last = v;
                if (u < acc) {
                    return v;
                }
            }
        }
        return last;   // rounding left u just above the total
    }

    int argmax(Tensor logits, int offset) {
        int best = 0;
        double bv = logits.get(offset);
        for (int v = 1; v < vocab; v++) {
            double x = logits.get(offset + v);
            if (x > bv) {
                bv = x;
                best = v;
            }
        }
        return best;
    }
}
