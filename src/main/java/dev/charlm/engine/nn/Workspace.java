package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;

/**
 * The buffers of one window of B sequences × T steps, batch-major (row b·T + t): the positions, one
 * {@link Cell} per layer (which owns what its backward pass reads), and the buffers of the input and
 * output layers. One trainer, scorer or sampler owns each workspace, never a model.
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

    /** Per layer: the recurrent cell with its states and caches. */
    final Cell[] cells;
    /** (B·T × E): embedding rows of the inputs (embedding models only). */
    final Tensor x0;
    /** Per layer l >= 1 (B·T × H): the layer's input after dropout (training with dropout only). */
    final Tensor[] xs;
    /** Per layer l >= 1 (B·T × H): dropout multipliers, 0 or 1 / (1 - p). */
    final Tensor[] masks;
    /** (B·T × V): logits; in training the loss overwrites them with dLoss/dlogits. */
    final Tensor logits;
    /** (B·T × E): gradient of the embedding rows (embedding models only). */
    final Tensor dx0;

    public Workspace(ModelConfig c, Precision precision, int batch, int steps, boolean training) {
        if (batch < 1 || steps < 1) {
            throw new IllegalArgumentException("batch and steps must be >= 1");
        }
        this.batch = batch;
        this.steps = steps;
        this.training = training;
        int n = batch * steps;
        int layers = c.layers();
        boolean dropout = training && c.dropout() > 0;
        inputs = new int[n];
        targets = new int[n];
        weights = new double[n];
        nll = new double[n];
        cells = new Cell[layers];
        xs = new Tensor[layers];
        masks = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            cells[l] = Cell.create(c, precision, batch, steps, training);
            if (dropout && l > 0) {
                xs[l] = Tensor.zeros(precision, n, c.hiddenSize());
                masks[l] = Tensor.zeros(precision, n, c.hiddenSize());
            }
        }
        x0 = c.hasEmbedding() ? Tensor.zeros(precision, n, c.embeddingSize()) : null;
        logits = Tensor.zeros(precision, n, c.vocabSize());
        dx0 = training && c.hasEmbedding() ? Tensor.zeros(precision, n, c.embeddingSize()) : null;
    }

    /** The logits of the last forward pass (before a training loss overwrites them). */
    public Tensor logits() {
        return logits;
    }

    /** The hidden state entering step 0 of a layer ({@link StateSequence#initial}). */
    public Tensor initialHidden(int layer) {
        return cells[layer].hidden().initial;
    }

    /** The LSTM cell state entering step 0 of a layer (null for other cells). */
    public Tensor initialCell(int layer) {
        StateSequence c = cells[layer].cellState();
        return c == null ? null : c.initial;
    }

    /** A layer's hidden state after each step ({@link StateSequence#after}). */
    public Tensor hidden(int layer) {
        return cells[layer].hidden().after;
    }

    /** A layer's LSTM cell state after each step (null for other cells). */
    public Tensor cell(int layer) {
        StateSequence c = cells[layer].cellState();
        return c == null ? null : c.after;
    }
}
