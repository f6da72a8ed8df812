package dev.charlm.engine.sample;

import java.util.List;

/**
 * One character of a sample (or of its prefix) with its log-probability under the model's own
 * distribution at that step: softmax of the raw logits, before temperature, topK and topP (the
 * distribution the model learned, not the one a draw was made from; greedy and sampled runs report the
 * same numbers).
 *
 * @param token   the character, as the vocabulary renders it
 * @param logprob its natural log-probability; null for a prefix's first character, which nothing predicts
 * @param top     the most likely characters of that step, most likely first (ties: lower id first);
 *                null where {@code logprob} is null
 */
public record TokenLogprob(String token, Double logprob, List<Candidate> top) {

    /** One of the most likely characters of a step. */
    public record Candidate(String token, double logprob) {
    }
}
