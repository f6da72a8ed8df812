package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.Vocabulary;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingState;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CheckpointStore} does, whatever holds the checkpoints. An implementation's test implements
 * this interface: {@link #store()} gives an empty store, {@link #unwritable} makes its writes for one model fail.
 */
interface CheckpointStoreContract {

    /** An empty store; the same one for every call within a test. */
    CheckpointStore store();

    /** Until closed, writing the checkpoint of model {@code id} fails (one is written before). */
    AutoCloseable unwritable(String id) throws Exception;

    /** A small RNN's checkpoint at {@code step}, its weights counting up from {@code step}. */
    static Checkpoint checkpoint(long step) {
        int[] cps = "ab \n".codePoints().toArray();
        int[] withUnk = java.util.Arrays.copyOf(cps, cps.length + 1);
        withUnk[cps.length] = Vocabulary.UNK;
        Vocabulary v = new Vocabulary(withUnk, new long[withUnk.length]);
        ModelConfig model = new ModelConfig(CellType.RNN, 1, 3, 0, v.size(), 0);
        Parameters w = Parameters.zeros(model, Precision.FLOAT32);
        for (int i = 0; i < w.size(); i++) {
            w.storage().set(i, step + i / 8.0);
        }
        TrainingState s = TrainingState.start();
        TrainingState at = new TrainingState(step, s.epoch(), s.window(), s.totals(), s.loss(), s.epochSums(), s.validations());
        TrainingConfig defaults = TrainingConfig.defaults();
        TrainingConfig config = defaults.withModel(defaults.model().withCell(CellType.RNN).withSize(1, 3).withPrecision(Precision.FLOAT32));
        return new Checkpoint(config, model, v, w, w, new Checkpoint.OptimizerState(0, Map.of()), at,
                new Checkpoint.CarriedState(List.of(Tensor.zeros(Precision.FLOAT32, 1, 3)), List.of()), Map.of("model", "test"));
    }

    private static byte[] bytes(CheckpointStore store, String id) throws Exception {
        try (InputStream in = store.open(id).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    @Test
    default void aWrittenCheckpointReadsBackWithItsStepWeightsAndVersion() throws Exception {
        store().write("m-aaaaaaaaaa", checkpoint(8));

        StoredCheckpoint read = store().read("m-aaaaaaaaaa").orElseThrow();
        assertThat(read.checkpoint().state().step()).isEqualTo(8);
        assertThat(read.checkpoint().weights().storage().get(5)).isEqualTo(8 + 5 / 8.0);
        assertThat(read.version()).isEqualTo(store().latest("m-aaaaaaaaaa").orElseThrow());
        assertThat(store().step("m-aaaaaaaaaa")).hasValue(8);
    }

    @Test
    default void itsBytesAreAModelFileOfTheSizeItsVersionSays() throws Exception {
        store().write("m-aaaaaaaaaa", checkpoint(8));

        byte[] stored = bytes(store(), "m-aaaaaaaaaa");
        assertThat(ModelFile.fromBytes(stored).state().step()).isEqualTo(8);
        assertThat(store().latest("m-aaaaaaaaaa").orElseThrow().size()).isEqualTo(stored.length);
    }

    @Test
    default void aNewerCheckpointReplacesTheOldOneUnderANewVersion() throws Exception {
        store().write("m-aaaaaaaaaa", checkpoint(8));
        CheckpointVersion first = store().latest("m-aaaaaaaaaa").orElseThrow();
        assertThat(store().latest("m-aaaaaaaaaa")).contains(first);   // unchanged: the same version

        store().write("m-aaaaaaaaaa", checkpoint(1600));

        CheckpointVersion second = store().latest("m-aaaaaaaaaa").orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(store().read("m-aaaaaaaaaa").orElseThrow().version()).isEqualTo(second);
        assertThat(store().step("m-aaaaaaaaaa")).hasValue(1600);
        assertThat(ModelFile.fromBytes(bytes(store(), "m-aaaaaaaaaa")).state().step()).isEqualTo(1600);
    }

    @Test
    default void aModelWithoutCheckpointHasNothingToReadOpenOrDelete() {
        assertThat(store().read("m-nosuchjob2")).isEmpty();
        assertThat(store().latest("m-nosuchjob2")).isEmpty();
        assertThat(store().step("m-nosuchjob2")).isEmpty();
        assertThat(store().open("m-nosuchjob2")).isEmpty();
        store().delete("m-nosuchjob2");   // nothing to do
    }

    @Test
    default void deleteRemovesTheCheckpointAndLeavesTheOthers() throws Exception {
        store().write("m-aaaaaaaaaa", checkpoint(8));
        store().write("m-bbbbbbbbbb", checkpoint(16));

        store().delete("m-aaaaaaaaaa");

        assertThat(store().read("m-aaaaaaaaaa")).isEmpty();
        assertThat(store().latest("m-aaaaaaaaaa")).isEmpty();
        assertThat(store().open("m-aaaaaaaaaa")).isEmpty();
        assertThat(store().step("m-bbbbbbbbbb")).hasValue(16);
    }

    @Test
    default void aFailedWriteSaysWhichStepAndLeavesThePreviousCheckpoint() throws Exception {
        store().write("m-aaaaaaaaaa", checkpoint(8));
        CheckpointVersion before = store().latest("m-aaaaaaaaaa").orElseThrow();
        byte[] previous = bytes(store(), "m-aaaaaaaaaa");

        try (AutoCloseable broken = unwritable("m-aaaaaaaaaa")) {
            assertThatThrownBy(() -> store().write("m-aaaaaaaaaa", checkpoint(16)))
                    .isInstanceOf(CheckpointWriteException.class)
                    .hasMessageContaining("checkpoint of step 16");
        }

        assertThat(store().latest("m-aaaaaaaaaa")).contains(before);
        assertThat(store().read("m-aaaaaaaaaa").orElseThrow().checkpoint().state().step()).isEqualTo(8);
        assertThat(bytes(store(), "m-aaaaaaaaaa")).isEqualTo(previous);
    }
}
