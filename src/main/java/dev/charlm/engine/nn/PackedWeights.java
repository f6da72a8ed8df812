package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.PackedMatrix;

/**
 * The weight matrices of a {@link Parameters} packed for the matrix kernel: forward operands (W_h, W_x
 * of dense inputs, W_q) and, for training, their transposes (for dH = dGates · Wᵀ). Derived data:
 * {@link #refresh()} after every optimizer step. Read-only while a forward or backward pass runs, so
 * threads share it.
 */
public final class PackedWeights {

    private final Parameters parameters;
    private final PackedMatrix[] wh;
    private final PackedMatrix[] wx;
    private final PackedMatrix[] whT;
    private final PackedMatrix[] wxT;
    private final PackedMatrix wq;
    private final PackedMatrix wqT;

    private PackedWeights(Parameters p, boolean transposes) {
        this.parameters = p;
        ModelConfig c = p.config();
        int layers = c.layers();
        wh = new PackedMatrix[layers];
        wx = new PackedMatrix[layers];
        whT = transposes ? new PackedMatrix[layers] : null;
        wxT = transposes ? new PackedMatrix[layers] : null;
        for (int l = 0; l < layers; l++) {
            wh[l] = PackedMatrix.of(p.wh(l), false);
            boolean dense = l > 0 || c.hasEmbedding();   // layer 0 without embedding reads rows of W_x
            wx[l] = dense ? PackedMatrix.of(p.wx(l), false) : null;
            if (transposes) {
                whT[l] = PackedMatrix.of(p.wh(l), true);
                wxT[l] = dense ? PackedMatrix.of(p.wx(l), true) : null;
            }
        }
        wq = PackedMatrix.of(p.wq(), false);
        wqT = transposes ? PackedMatrix.of(p.wq(), true) : null;
    }

    /** Forward operands only: for sampling, scoring and evaluation. */
    public static PackedWeights forInference(Parameters p) {
        return new PackedWeights(p, false);
    }

    /** Forward operands and their transposes: for training. */
    public static PackedWeights forTraining(Parameters p) {
        return new PackedWeights(p, true);
    }

    public Parameters parameters() {
        return parameters;
    }

    /** Packs the current values of the weights again. */
    public void refresh() {
        for (int l = 0; l < wh.length; l++) {
            wh[l].repack();
            if (wx[l] != null) {
                wx[l].repack();
            }
            if (whT != null) {
                whT[l].repack();
                if (wxT[l] != null) {
                    wxT[l].repack();
                }
            }
        }
        wq.repack();
        if (wqT != null) {
            wqT.repack();
        }
    }

    /** (H × G·H) recurrent weights of a layer. */
    PackedMatrix wh(int layer) {
        return wh[layer];
    }

    /** (E_l × G·H) input weights of a layer with a dense input. */
    PackedMatrix wx(int layer) {
        return wx[layer];
    }

    /** (G·H × H) transpose of W_h. */
    PackedMatrix whT(int layer) {
        return whT[layer];
    }

    /** (G·H × E_l) transpose of W_x (dense inputs). */
    PackedMatrix wxT(int layer) {
        return wxT[layer];
    }

    /** (H × V) output weights. */
    PackedMatrix wq() {
        return wq;
    }

    /** (V × H) transpose of W_q. */
    PackedMatrix wqT() {
        return wqT;
    }
}
