package dev.charlm.engine.sample;

import java.util.List;

/**
 * A {@link Sampler.TokenSink} that also receives the log-probabilities of what it is handed, when the
 * options ask for them ({@link SamplingOptions#logprobs()}): a stream can carry them piece by piece.
 */
public interface LogprobSink extends Sampler.TokenSink {

    /** The prefix's entries, once it has been read and before any piece ({@link LogprobOptions#prefix()}; else empty). */
    void prefix(List<TokenLogprob> prefix);

    /** A piece of text and the entries of its characters, one per code point; false to stop generation. */
    boolean accept(String piece, List<TokenLogprob> logprobs);

    @Override
    default boolean accept(String piece) {
        return accept(piece, List.of());
    }
}
