package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;

/**
 * The buffers of one window of B sequences × T steps, batch-major (row b·T + t). A forward pass caches
 * here what its backward pass needs; one trainer, scorer or sampler owns each workspace, never a model.
 */
public final class Workspace {

    public final int batch;
    public final int steps;
    final boolean training;

    /** (B·T) input token per position; -1 is the zero input that starts a line in line mode. */
    public final int[] inputs;
    /** (B·T) target token per position. */
    public final int[] targets;
    /** (B·T) loss weight per position (0 for padding); the trainer sets it to scale the mean. */
    public final double[] weights;
    /** (B·T) -log p(target) of each weighted position after {@link Network#loss}, 0 elsewhere. */
    final double[] nll;

    /** Per layer (B × H): hidden state before step 0, the state carried in. */
    final Tensor[] h0;
    /** Per layer (B × H): LSTM cell state before step 0. */
    final Tensor[] c0;

    /** Per layer (B·T × G·H): pre-activations, then (LSTM, GRU) the gate activations backward reads. */
    final Tensor[] gates;
    /** Per layer (B·T × H): hidden state after each step. */
    final Tensor[] hs;
    /** Per layer (B·T × H): LSTM cell state after each step. */
    final Tensor[] cs;
    /** Per layer (B·T × H): LSTM tanh(c), cached for backward. */
    final Tensor[] tanhC;
    /** Per layer (B·T × H): GRU H_prev W_hh, cached because the reset gate multiplies it. */
    final Tensor[] ghh;
    /** (B × G·H): GRU product H_prev W_h of the current step. */
    final Tensor gh;
    /** (B·T × E): embedding rows of the inputs (embedding models only). */
    final Tensor x0;
    /** Per layer l >= 1 (B·T × H): the layer's input after dropout (training with dropout only). */
    final Tensor[] xs;
    /** Per layer l >= 1 (B·T × H): dropout multipliers, 0 or 1 / (1 - p). */
    final Tensor[] masks;
    /** (B·T × V): logits; in training the loss overwrites them with dLoss/dlogits. */
    final Tensor logits;

    /** Per layer (B·T × H): dLoss/dH_t arriving from above (the output layer or the next layer). */
    final Tensor[] dhs;
    /** Per layer (B·T × G·H): pre-activation gradients, x side (they also give the bias gradient). */
    final Tensor[] dGates;
    /** Per layer (B·T × G·H): GRU pre-activation gradients, h side (r ⊙ dh~ in the candidate block). */
    final Tensor[] dGh;
    /** (B × H): gradient flowing to the previous step's hidden state. */
    final Tensor dhNext;
    /** (B × H): LSTM gradient flowing to the previous step's cell state. */
    final Tensor dcNext;
    /** (B·T × E): gradient of the embedding rows (embedding models only). */
    final Tensor dx0;
    /** Per layer (B·T × H): the hidden state each step started from (h0, then H_0 .. H_{T-2}), as rows. */
    final Tensor[] hPrev;

    public Workspace(ModelConfig c, Precision precision, int batch, int steps, boolean training) {
        if (batch < 1 || steps < 1) {
            throw new IllegalArgumentException("batch and steps must be >= 1");
        }
        this.batch = batch;
        this.steps = steps;
        this.training = training;
        int n = batch * steps;
        int layers = c.layers();
        int h = c.hiddenSize();
        int gw = c.gateWidth();
        boolean lstm = c.cell() == CellType.LSTM;
        boolean gru = c.cell() == CellType.GRU;
        boolean dropout = training && c.dropout() > 0;
        inputs = new int[n];
        targets = new int[n];
        weights = new double[n];
        nll = new double[n];
        h0 = new Tensor[layers];
        c0 = new Tensor[layers];
        gates = new Tensor[layers];
        hs = new Tensor[layers];
        cs = new Tensor[layers];
        tanhC = new Tensor[layers];
        ghh = new Tensor[layers];
        xs = new Tensor[layers];
        masks = new Tensor[layers];
        dhs = new Tensor[layers];
        dGates = new Tensor[layers];
        dGh = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            h0[l] = Tensor.zeros(precision, batch, h);
            gates[l] = Tensor.zeros(precision, n, gw);
            hs[l] = Tensor.zeros(precision, n, h);
            if (lstm) {
                c0[l] = Tensor.zeros(precision, batch, h);
                cs[l] = Tensor.zeros(precision, n, h);
                tanhC[l] = Tensor.zeros(precision, n, h);
            }
            if (gru) {
                ghh[l] = Tensor.zeros(precision, n, h);
            }
            if (dropout && l > 0) {
                xs[l] = Tensor.zeros(precision, n, h);
                masks[l] = Tensor.zeros(precision, n, h);
            }
            if (training) {
                dhs[l] = Tensor.zeros(precision, n, h);
                dGates[l] = Tensor.zeros(precision, n, gw);
                if (gru) {
                    dGh[l] = Tensor.zeros(precision, n, gw);
                }
            }
        }
        gh = gru ? Tensor.zeros(precision, batch, gw) : null;
        x0 = c.hasEmbedding() ? Tensor.zeros(precision, n, c.embeddingSize()) : null;
        logits = Tensor.zeros(precision, n, c.vocabSize());
        dhNext = training ? Tensor.zeros(precision, batch, h) : null;
        dcNext = training && lstm ? Tensor.zeros(precision, batch, h) : null;
        dx0 = training && c.hasEmbedding() ? Tensor.zeros(precision, n, c.embeddingSize()) : null;
        hPrev = new Tensor[layers];
        for (int l = 0; training && l < layers; l++) {
            hPrev[l] = Tensor.zeros(precision, n, h);
        }
    }

    /** (B·T × V): the logits of the last forward pass (before a training loss overwrites them). */
    public Tensor logits() {
        return logits;
    }

    /** Per layer (B × H): the state fed into step 0. */
    public Tensor initialHidden(int layer) {
        return h0[layer];
    }

    /** Per layer (B × H): the LSTM cell state fed into step 0 (null for other cells). */
    public Tensor initialCell(int layer) {
        return c0[layer];
    }

    /** Per layer (B·T × H): hidden states after each step. */
    public Tensor hidden(int layer) {
        return hs[layer];
    }

    /** Per layer (B·T × H): LSTM cell states after each step (null for other cells). */
    public Tensor cell(int layer) {
        return cs[layer];
    }
}
