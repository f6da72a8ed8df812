package dev.charlm.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every {@link SweepStore} does, whatever holds the records. An implementation's test implements this
 * interface: {@link #store()} gives an empty store, {@link #unwritable} makes its saves of one sweep fail.
 */
interface SweepStoreContract {

    JsonMapper JSON = JsonMapper.builder().build();

    /** An empty store; the same one for every call within a test. */
    SweepStore store();

    /** Until closed, saving the sweep {@code id} fails (it is saved once before). */
    AutoCloseable unwritable(String id) throws Exception;

    /** A sweep as Sweeps writes one: its grid's keys in the order given, which is the order it expands in. */
    static SweepRecord sweep(String id, String name, String createdAt) {
        return JSON.readValue("""
                {"id":"%s","name":"%s","corpus":"c-aaaaaaaaaa","base":{"corpus":"c-aaaaaaaaaa","name":"base"},
                 "grid":{"optimizer.learningRate":[0.001,0.003],"hiddenSize":[128,256],"cell":["rnn","gru"]},
                 "createdAt":"%s",
                 "runs":[{"modelId":"m-aaaaaaaaaa","values":{"optimizer.learningRate":0.001,"hiddenSize":128,"cell":"rnn"}},
                         {"modelId":"m-bbbbbbbbbb","values":{"optimizer.learningRate":0.001,"hiddenSize":128,"cell":"gru"}}]}
                """.formatted(id, name, createdAt), SweepRecord.class);
    }

    @Test
    default void aSavedSweepIsFoundAndListed() {
        SweepRecord s = sweep("s-aaaaaaaaaa", "lr", "2026-12-02T01:18:26.506869635Z");
        store().save(s);

        assertThat(store().find("s-aaaaaaaaaa")).contains(s);
        assertThat(store().all()).containsExactly(s);
    }

    @Test
    default void theGridKeepsItsOrder() {
        store().save(sweep("s-aaaaaaaaaa", "lr", "2026-12-02T01:00:00Z"));

        SweepRecord found = store().find("s-aaaaaaaaaa").orElseThrow();
        assertThat(List.copyOf(found.grid().keySet())).containsExactly("optimizer.learningRate", "hiddenSize", "cell");
        assertThat(List.copyOf(found.runs().get(0).values().keySet())).containsExactly("optimizer.learningRate", "hiddenSize", "cell");
    }

    @Test
    default void aSaveReplacesTheSweepWhole() {
        store().save(sweep("s-aaaaaaaaaa", "lr", "2026-12-02T01:00:00Z"));
        SweepRecord renamed = sweep("s-aaaaaaaaaa", "renamed", "2026-12-02T01:00:00Z");
        store().save(renamed);

        assertThat(store().find("s-aaaaaaaaaa")).contains(renamed);
        assertThat(store().all()).containsExactly(renamed);
    }

    @Test
    default void sweepsComeNewestFirstThenById() {
        SweepRecord older = sweep("s-aaaaaaaaaa", "a", "2026-12-01T00:00:00Z");
        SweepRecord newerB = sweep("s-bbbbbbbbbb", "b", "2026-12-02T00:00:00Z");
        SweepRecord newerC = sweep("s-cccccccccc", "c", "2026-12-02T00:00:00Z");
        store().save(newerC);
        store().save(older);
        store().save(newerB);

        assertThat(store().all()).containsExactly(newerB, newerC, older);
    }

    @Test
    default void deleteRemovesTheSweepAndLeavesTheOthers() {
        SweepRecord kept = sweep("s-bbbbbbbbbb", "b", "2026-12-02T00:00:00Z");
        store().save(sweep("s-aaaaaaaaaa", "a", "2026-12-02T01:00:00Z"));
        store().save(kept);

        store().delete("s-aaaaaaaaaa");
        store().delete("s-nosuchone2");   // nothing to do

        assertThat(store().find("s-aaaaaaaaaa")).isEmpty();
        assertThat(store().find("s-nosuchone2")).isEmpty();
        assertThat(store().all()).containsExactly(kept);
    }

    @Test
    default void aFailedSaveThrowsAndLeavesThePreviousSweep() throws Exception {
        SweepRecord s = sweep("s-aaaaaaaaaa", "lr", "2026-12-02T01:00:00Z");
        store().save(s);

        try (AutoCloseable broken = unwritable("s-aaaaaaaaaa")) {
            assertThatThrownBy(() -> store().save(sweep("s-aaaaaaaaaa", "renamed", "2026-12-02T01:00:00Z")))
                    .isInstanceOf(RuntimeException.class);
        }

        assertThat(store().find("s-aaaaaaaaaa")).contains(s);
        assertThat(store().all()).containsExactly(s);
    }
}
