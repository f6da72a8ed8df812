package dev.charlm.engine.nn;

/**
 * The shape of a network.
 *
 * @param cell          rnn, gru or lstm
 * @param layers        stacked recurrent layers L (>= 1)
 * @param hiddenSize    units per layer H
 * @param embeddingSize width E of a learned embedding before layer 0; 0 = none, layer 0 then reads the
 *                      row of W_x for the input token (the same as one-hot × W_x, without the product)
 * @param vocabSize     V
 * @param dropout       probability of zeroing each output of a layer before the next layer, in training
 *                      only (inverted dropout); acts between layers, so 0 in effect for one layer
 */
public record ModelConfig(CellType cell, int layers, int hiddenSize, int embeddingSize, int vocabSize, double dropout) {

    // The bounds of a shape: the lower ones checked here, all of them stated by the request's constraints
    // (training.TrainingRequest.Model), so each is written once.
    public static final int MIN_LAYERS = 1;
    public static final int MAX_LAYERS = 16;
    public static final int MIN_HIDDEN_SIZE = 1;
    public static final int MAX_HIDDEN_SIZE = 4096;
    public static final int MIN_EMBEDDING_SIZE = 0;
    public static final int MAX_EMBEDDING_SIZE = 4096;

    public ModelConfig {
        if (cell == null) {
            throw new IllegalArgumentException("cell is required");
        }
        if (layers < MIN_LAYERS || hiddenSize < MIN_HIDDEN_SIZE || embeddingSize < MIN_EMBEDDING_SIZE || vocabSize < 1) {
            throw new IllegalArgumentException("layers, hiddenSize and vocabSize must be >= 1 and embeddingSize >= 0");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1)");
        }
    }

    /** G·H: width of the fused gate rows. */
    public int gateWidth() {
        return cell.gates() * hiddenSize;
    }

    /** Input width of layer l: E (or V for the lookup) for layer 0, H above. */
    public int inputWidth(int layer) {
        if (layer > 0) {
            return hiddenSize;
        }
        return embeddingSize > 0 ? embeddingSize : vocabSize;
    }

    public boolean hasEmbedding() {
        return embeddingSize > 0;
    }
}
