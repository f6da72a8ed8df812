package dev.charlm.engine.train;

import dev.charlm.engine.text.EncodedCorpus;
import java.util.Arrays;

/**
 * A corpus cut into the windows training reads and the held-out tail validation reads: the last
 * {@code valFraction} of the characters (or of the lines, in line mode), each side with its batch plan.
 *
 * @param train      the training windows
 * @param validation the validation windows, or null when {@code valFraction} is 0
 */
public record DataSplit(BatchPlan train, BatchPlan validation) {

    /**
     * The split for B = {@code batchSize} sequences × T = {@code seqLength} steps: line mode uses
     * {@link LinesPlan} on both sides; otherwise training uses {@code batching} (random windows, or
     * sequential streams from an optional random offset) and validation sequential streams.
     */
    public static DataSplit of(EncodedCorpus corpus, int batchSize, int seqLength, double valFraction,
                               BatchingMode batching, boolean randomOffset, long seed) {
        return corpus.lineMode()
                ? byLines(corpus, batchSize, seqLength, valFraction, seed)
                : byCharacters(corpus, batchSize, seqLength, valFraction, batching, randomOffset, seed);
    }

    private static DataSplit byLines(EncodedCorpus corpus, int B, int T, double valFraction, long seed) {
        int[] starts = corpus.lineStarts();
        int lines = starts.length - 1;
        int valLines = (int) Math.round(lines * valFraction);
        int trainLines = lines - valLines;
        if (trainLines < 1 || (valFraction > 0 && valLines < 1)) {
            throw new IllegalArgumentException("the corpus has " + lines + " lines: too few for valFraction " + valFraction);
        }
        int steps = Math.min(T, LinesPlan.longestLine(starts));
        BatchPlan train = new LinesPlan(corpus.tokens(), Arrays.copyOfRange(starts, 0, trainLines + 1), B, steps, true, seed);
        BatchPlan val = null;
        if (valLines > 0) {
            int[] vs = Arrays.copyOfRange(starts, trainLines, lines + 1);
            val = new LinesPlan(corpus.tokens(), vs, B, steps, false, seed);
        }
        return new DataSplit(train, val);
    }

    private static DataSplit byCharacters(EncodedCorpus corpus, int B, int T, double valFraction, BatchingMode batching,
                                          boolean randomOffset, long seed) {
        int n = corpus.tokens().length();
        int valTokens = (int) Math.round(n * valFraction);
        int trainEnd = n - valTokens;
        BatchPlan.Range trainRange = new BatchPlan.Range(corpus.tokens(), 0, trainEnd);
        BatchPlan train = batching == BatchingMode.RANDOM
                ? new RandomPlan(trainRange, B, T, seed)
                : new SequentialPlan(trainRange, B, T, randomOffset, false, seed);
        BatchPlan val = null;
        if (valTokens > 0) {
            if (valTokens < 2) {
                throw new IllegalArgumentException("valFraction " + valFraction + " leaves fewer than 2 characters to validate on");
            }
            // streams long enough that starting each from a zero state costs little
            int streams = Math.max(1, Math.min(B, (valTokens - 1) / (8 * T)));
            val = new SequentialPlan(new BatchPlan.Range(corpus.tokens(), trainEnd, n), streams, T, false, true, seed);
        }
        return new DataSplit(train, val);
    }
}
