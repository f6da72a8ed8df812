package dev.charlm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    /** The model file writes the moments in this order: it must not depend on the JVM's hash seed or the caller's map. */
    @Test
    void theOptimizerMomentsAndMetadataAreOrderedByName() {
        Map<String, Storage> moments = new LinkedHashMap<>();
        moments.put("secondMoment", Storage.allocate(Precision.FLOAT32, 1));
        moments.put("firstMoment", Storage.allocate(Precision.FLOAT32, 1));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("model", "m-1");
        metadata.put("corpus", "c-1");
        Checkpoint cp = new Checkpoint(null, null, null, null, null, new Checkpoint.OptimizerState(0, moments), null,
                new Checkpoint.CarriedState(List.of(), List.of()), metadata);
        assertThat(cp.optimizerMoments().keySet()).containsExactly("firstMoment", "secondMoment");
        assertThat(cp.metadata().keySet()).containsExactly("corpus", "model");
    }
}
