package dev.charlm.openai;

/**
 * The models of the data directory release 0.1 left (src/test/resources/upgrade, copied by
 * {@link dev.charlm.golden.UpgradeData#copyInto}): finished, with checkpoints, so trained without training.
 */
final class UpgradeModels {

    /** "v0.1 gru" (GRU, H = 8), trained on a nursery rhyme. */
    static final String GRU = "m-hwwbzbev9u";
    static final String GRU_NAME = "v0.1 gru";
    static final String LSTM = "m-y84p535c7m";
    /** INTERRUPTED, with a checkpoint. */
    static final String RNN = "m-fm42wjgre7";

    private UpgradeModels() {
    }
}
