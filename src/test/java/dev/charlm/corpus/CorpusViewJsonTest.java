package dev.charlm.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.boot.test.json.JacksonTester;

/** The wire format of a corpus (GET /corpora, GET /corpora/{id}): field names, and no preview unless asked. */
@JsonTest
class CorpusViewJsonTest {

    @Autowired
    JacksonTester<CorpusView> json;

    @Test
    void aCorpusWithAPreviewWritesEveryField() throws Exception {
        String full = """
                {"id": "c-7fk2m9qx3a", "name": "my lyrics", "chars": 63282, "distinctChars": 2583, "lines": 5819,
                 "bytes": 181542, "sha256": "a33bf26647c6735cac142984e2a29995af746e2961811ade39035fcfb9fe8b0f",
                 "createdAt": "2026-11-23T19:50:58Z", "builtIn": false, "preview": "分开\\n不分开"}""";
        assertThat(json.write(json.parseObject(full))).isStrictlyEqualToJson(full);
    }

    @Test
    void withoutAPreviewThereIsNoPreviewField() throws Exception {
        String listed = """
                {"id": "dinos", "name": "dinos", "chars": 20969, "distinctChars": 53, "lines": 1623, "bytes": 20969,
                 "sha256": "00", "createdAt": "2026-11-23T19:50:58.610000501Z", "builtIn": true}""";
        assertThat(json.write(json.parseObject(listed))).isStrictlyEqualToJson(listed).doesNotHaveJsonPath("$.preview");
    }
}
