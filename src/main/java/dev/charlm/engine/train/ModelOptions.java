package dev.charlm.engine.train;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.nn.ModelConfig;

/**
 * The network a run trains, before the corpus fixes its vocabulary: {@link #shape(int)} adds V and
 * gives the network's {@link ModelConfig}.
 *
 * @param cell          rnn, gru or lstm
 * @param layers        stacked layers L
 * @param hiddenSize    units per layer H
 * @param embeddingSize learned embedding width E before layer 0 (0 = the input is the row of W_x of the token)
 * @param dropout       between layers, training only
 * @param init          normal, uniform, xavier or torch
 * @param precision     float32 or float64
 */
public record ModelOptions(CellType cell, int layers, int hiddenSize, int embeddingSize, double dropout, InitScheme init,
                           Precision precision) {

    /** The network's shape once the vocabulary has {@code vocabSize} tokens. */
    public ModelConfig shape(int vocabSize) {
        return new ModelConfig(cell, layers, hiddenSize, embeddingSize, vocabSize, dropout);
    }

    public ModelOptions withCell(CellType c) {
        return new ModelOptions(c, layers, hiddenSize, embeddingSize, dropout, init, precision);
    }

    public ModelOptions withSize(int l, int h) {
        return new ModelOptions(cell, l, h, embeddingSize, dropout, init, precision);
    }

    public ModelOptions withDropout(double d) {
        return new ModelOptions(cell, layers, hiddenSize, embeddingSize, d, init, precision);
    }

    public ModelOptions withInit(InitScheme i) {
        return new ModelOptions(cell, layers, hiddenSize, embeddingSize, dropout, i, precision);
    }

    public ModelOptions withPrecision(Precision p) {
        return new ModelOptions(cell, layers, hiddenSize, embeddingSize, dropout, init, p);
    }
}
