package dev.charlm.engine.train;

import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.text.TokenSequence;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.nn.PackedWeights;
import dev.charlm.engine.nn.Workspace;

/**
 * Mean cross-entropy of a held-out text under given weights: forward only, no dropout, the state
 * carried along each stream from a zero start. Owns its workspace.
 */
public final class Evaluator {

    private final Network network;
    private final BatchPlan plan;
    private final Workspace ws;
    private final boolean[] reset;
    private final double[] mask;

    Evaluator(Network network, BatchPlan plan, Workspace ws) {
        this.network = network;
        this.plan = plan;
        this.ws = ws;
        this.reset = new boolean[plan.batch()];
        this.mask = new double[plan.batch() * plan.steps()];
    }

    /**
     * Evaluates a text of tokens as {@code streams} contiguous streams (the last window padded), or in
     * line mode ({@code lineStarts} not null) line by line from a zero state each.
     */
    public static Evaluator over(Network network, Precision precision, TokenSequence tokens, int[] lineStarts,
                                 int streams, int steps) {
        BatchPlan plan = lineStarts != null
                ? new LinesPlan(tokens, lineStarts, streams, Math.min(steps, LinesPlan.longestLine(lineStarts)), false, 0)
                : new SequentialPlan(new BatchPlan.Range(tokens, 0, tokens.length()), streams, steps, false, true, 0);
        return new Evaluator(network, plan, new Workspace(network.config(), precision, plan.batch(), plan.steps(), false));
    }

    /**
     * End of the validated part of a tail {@code [start, end)}: its first {@code maxChars} tokens
     * (0 = all). The same fixed subset at every evaluation, so losses stay comparable.
     */
    static int tailEnd(int start, int end, int maxChars) {
        return maxChars > 0 ? (int) Math.min(end, (long) start + maxChars) : end;
    }

    /** The leading lines of a tail (its line starts and end) within {@code maxChars} tokens, at least one (0 = all). */
    static int[] leadingLines(int[] starts, int maxChars) {
        if (maxChars <= 0) {
            return starts;
        }
        int k = 1;
        while (k + 1 < starts.length && starts[k + 1] - starts[0] <= maxChars) {
            k++;
        }
        return java.util.Arrays.copyOf(starts, k + 1);
    }

    /** Summed nats and the number of predicted characters. */
    public Network.LossSum evaluate(PackedWeights p, Parallel par) {
        int parts = Math.min(par.threads(), plan.batch());
        Network.LossSum total = new Network.LossSum(0, 0);
        network.resetState(ws);
        for (int w = 0; w < plan.windows(0); w++) {
            plan.fill(0, w, ws.inputs, ws.targets, mask, reset);
            System.arraycopy(mask, 0, ws.weights, 0, mask.length);
            network.resetRows(ws, reset);
            par.run(parts, part -> {
                int b0 = Parallel.start(plan.batch(), parts, part);
                int b1 = Parallel.start(plan.batch(), parts, part + 1);
                network.forward(p, ws, b0, b1, Network.Dropout.NONE);
                network.loss(ws, b0, b1);
            });
            total = total.plus(network.lossSum(ws));
            network.carryState(ws);
        }
        return total;
    }
}
