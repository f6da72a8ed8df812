package dev.charlm.openai;

import dev.charlm.golden.UpgradeData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trained models without training: a copy of the data directory release 0.1 left
 * (src/test/resources/upgrade), whose models are finished, with checkpoints.
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

    /** A copy of the directory under {@code parent}, made once. */
    static Path copyInto(Path parent) {
        Path data = parent.resolve(UpgradeData.DATA);
        if (!Files.exists(data)) {
            try {
                var url = UpgradeModels.class.getResource("/upgrade/" + UpgradeData.DATA);
                UpgradeData.copyTree(Path.of(url.toURI()), data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return data;
    }
}
