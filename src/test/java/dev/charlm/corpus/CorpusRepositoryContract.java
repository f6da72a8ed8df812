package dev.charlm.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CorpusRepository} does, whatever holds the records. An implementation's test implements this
 * interface: {@link #repository()} gives an empty repository, {@link #unwritable} makes its saves of one corpus fail.
 */
interface CorpusRepositoryContract {

    /** An empty repository; the same one for every call within a test. */
    CorpusRepository repository();

    /** Until closed, saving the corpus {@code id} fails (it is saved once before). */
    AutoCloseable unwritable(String id) throws Exception;

    static Corpus corpus(String id, String name, String createdAt) {
        return new Corpus(id, name, new Corpus.Contents(1332, 24, 24, 1332, "1b2313b7a6597618d7c12c7919d72604903466346836d58b4b78057a3fe851d0"),
                Instant.parse(createdAt), false);
    }

    @Test
    default void aSavedCorpusIsFoundAndListed() {
        Corpus c = corpus("c-aaaaaaaaaa", "twinkle", "2026-12-02T01:18:26.506869635Z");
        repository().save(c);

        assertThat(repository().find("c-aaaaaaaaaa")).contains(c);
        assertThat(repository().list()).containsExactly(c);
    }

    @Test
    default void aSaveReplacesTheCorpusWhole() {
        repository().save(corpus("c-aaaaaaaaaa", "twinkle", "2026-12-02T01:00:00Z"));
        Corpus renamed = corpus("c-aaaaaaaaaa", "little star", "2026-12-02T01:00:00Z");
        repository().save(renamed);

        assertThat(repository().find("c-aaaaaaaaaa")).contains(renamed);
        assertThat(repository().list()).containsExactly(renamed);
    }

    @Test
    default void corporaComeNewestFirstThenById() {
        Corpus older = corpus("c-aaaaaaaaaa", "a", "2026-12-01T00:00:00Z");
        Corpus newerB = corpus("c-bbbbbbbbbb", "b", "2026-12-02T00:00:00Z");
        Corpus newerC = corpus("c-cccccccccc", "c", "2026-12-02T00:00:00Z");
        repository().save(newerC);
        repository().save(older);
        repository().save(newerB);

        assertThat(repository().list()).containsExactly(newerB, newerC, older);
    }

    @Test
    default void anUnknownIdOrOneNoCorpusCanHaveFindsNothing() {
        repository().save(corpus("c-aaaaaaaaaa", "twinkle", "2026-12-02T01:00:00Z"));

        assertThat(repository().find("c-nosuchone2")).isEmpty();
        assertThat(repository().find("../corpora/c-aaaaaaaaaa")).isEmpty();
        assertThat(repository().find("")).isEmpty();
    }

    @Test
    default void deleteRemovesTheCorpusAndLeavesTheOthers() throws Exception {
        Corpus kept = corpus("c-bbbbbbbbbb", "b", "2026-12-02T00:00:00Z");
        repository().save(corpus("c-aaaaaaaaaa", "a", "2026-12-02T01:00:00Z"));
        repository().save(kept);

        repository().delete("c-aaaaaaaaaa");
        repository().delete("c-nosuchone2");   // nothing to do

        assertThat(repository().find("c-aaaaaaaaaa")).isEmpty();
        assertThat(repository().list()).containsExactly(kept);
    }

    @Test
    default void aFailedSaveThrowsAndLeavesThePreviousCorpus() throws Exception {
        Corpus c = corpus("c-aaaaaaaaaa", "twinkle", "2026-12-02T01:00:00Z");
        repository().save(c);

        try (AutoCloseable broken = unwritable("c-aaaaaaaaaa")) {
            assertThatThrownBy(() -> repository().save(corpus("c-aaaaaaaaaa", "renamed", "2026-12-02T01:00:00Z")))
                    .isInstanceOf(RuntimeException.class);
        }

        assertThat(repository().find("c-aaaaaaaaaa")).contains(c);
    }
}
