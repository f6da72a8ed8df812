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
     * {@link LinesPlan} on both sides; otherwise training uses the batching mode (random windows, or
     * sequential streams from an optional random offset) and validation sequential streams. Validation
     * reads the tail's first {@code evalChars} characters (whole lines in line mode) when that is set.
     */
    public static DataSplit of(EncodedCorpus corpus, Batching batching, Validation validation, long seed) {
        return corpus.lineMode()
                ? byLines(corpus, batching.batchSize(), batching.seqLength(), validation, seed)
                : byCharacters(corpus, batching, validation, seed);
    }

    private static DataSplit byLines(EncodedCorpus corpus, int B, int T, Validation validation, long seed) {
        double valFraction = validation.valFraction();
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
            int[] vs = Evaluator.leadingLines(Arrays.copyOfRange(starts, trainLines, lines + 1), validation.evalChars());
            val = new LinesPlan(corpus.tokens(), vs, B, steps, false, seed);
        }
        return new DataSplit(train, val);
    }

    private static DataSplit byCharacters(EncodedCorpus corpus, Batching batching, Validation validation, long seed) {
        int B = batching.batchSize();
        int T = batching.seqLength();
        double valFraction = validation.valFraction();
        int n = corpus.tokens().length();
        int valTokens = (int) Math.round(n * valFraction);
        int trainEnd = n - valTokens;
        BatchPlan.Range trainRange = new BatchPlan.Range(corpus.tokens(), 0, trainEnd);
        BatchPlan train = batching.mode() == BatchingMode.RANDOM
                ? new RandomPlan(trainRange, B, T, seed)
                : new SequentialPlan(trainRange, B, T, batching.randomOffset(), false, seed);
        BatchPlan val = null;
        if (valTokens > 0) {
            if (valTokens < 2) {
                throw new IllegalArgumentException("valFraction " + valFraction + " leaves fewer than 2 characters to validate on");
            }
            int valEnd = Evaluator.tailEnd(trainEnd, n, validation.evalChars());
            // streams long enough that starting each from a zero state costs little
            int streams = Math.max(1, Math.min(B, (valEnd - trainEnd - 1) / (8 * T)));
            val = new SequentialPlan(new BatchPlan.Range(corpus.tokens(), trainEnd, valEnd), streams, T, false, true, seed);
        }
        return new DataSplit(train, val);
    }
}
