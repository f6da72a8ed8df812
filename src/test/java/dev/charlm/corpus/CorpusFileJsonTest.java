package dev.charlm.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A corpus's {@code corpus.json} ({@link Corpus}) byte for byte, with {@link CorpusStore}'s mapper:
 * a data directory outlives a release, so its field names and their order are pinned.
 */
@JsonTest
class CorpusFileJsonTest {

    /** As the 0.1 release wrote it (UpgradeTest's data directory). */
    static final String STORED = """
            {"id":"c-i2qvr5pdu3","name":"twinkle","chars":1332,"distinctChars":24,"lines":24,"bytes":1332,\
            "sha256":"1b2313b7a6597618d7c12c7919d72604903466346836d58b4b78057a3fe851d0",\
            "createdAt":"2026-12-02T01:18:26.506869635Z","builtIn":false}""";

    @Autowired
    JsonMapper boot;

    @Test
    void aCorpusIsWrittenAsItsCorpusJsonWasRead() {
        JsonMapper store = boot.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        Corpus c = store.readValue(STORED, Corpus.class);
        assertThat(store.writeValueAsString(c)).isEqualTo(STORED);
        assertThat(c.id()).isEqualTo("c-i2qvr5pdu3");
        assertThat(c.createdAt()).hasToString("2026-12-02T01:18:26.506869635Z");
    }
}
