package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.boot.test.json.JacksonTester;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of a training request (POST /models, and the {@code config} of every model): each
 * field's name and nesting, absent fields left out, unknown fields refused at every level. Written in
 * JSON only, so it holds whatever the Java side of the options becomes.
 */
@JsonTest
class TrainingRequestJsonTest {

    /** Every field of the API, the nested optimizer, lrDecay and clip included. */
    static final String FULL = """
            {
              "corpus": "jaychou", "preset": "d2l-gru", "name": "gru on jay chou",
              "cell": "lstm", "layers": 2, "hiddenSize": 64, "embeddingSize": 16, "dropout": 0.2, "bidirectional": false,
              "init": "xavier", "preprocessing": "lowercase", "joinLines": true, "maxChars": 5000, "maxVocab": 300,
              "minFrequency": 2, "batching": "random", "seqLength": 35, "batchSize": 32, "randomOffset": true,
              "optimizer": {"type": "adam", "learningRate": 0.002, "momentum": 0.5, "beta1": 0.8, "beta2": 0.99,
                            "alpha": 0.95, "epsilon": 1.0E-7, "weightDecay": 1.0E-4},
              "lrDecay": {"factor": 0.97, "afterEpoch": 10},
              "clip": {"mode": "norm", "threshold": 5.0},
              "lossReduction": "sum", "epochs": 30, "maxSteps": 1000, "maxSeconds": 60.5, "valFraction": 0.1,
              "evalEvery": 50, "sampleEvery": 250, "samplePrefixes": ["分开", "不分开"], "sampleLength": 50,
              "sampleTemperature": 0.8, "logEvery": 10, "precision": "float64", "seed": 42, "kernel": "ojalgo"
            }""";

    @Autowired
    JacksonTester<TrainingRequest> json;

    @Autowired
    JsonMapper mapper;

    @Test
    void theSliceRunsWithTheApplicationsJsonSettings() {
        // application.properties: spring.jackson.deserialization.fail-on-unknown-properties=true
        assertThat(mapper.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
    }

    @Test
    void aFullRequestReadsAndWritesBackTheSameFieldsAndNesting() throws Exception {
        TrainingRequest r = json.parseObject(FULL);
        assertThat(json.write(r)).isStrictlyEqualToJson(FULL);
    }

    @Test
    void theParsedRequestCarriesEveryValue() throws Exception {
        var content = json.write(json.parseObject(FULL));
        assertThat(content).extractingJsonPathStringValue("$.cell").isEqualTo("lstm");
        assertThat(content).extractingJsonPathNumberValue("$.optimizer.learningRate").isEqualTo(0.002);
        assertThat(content).extractingJsonPathNumberValue("$.lrDecay.afterEpoch").isEqualTo(10);
        assertThat(content).extractingJsonPathStringValue("$.clip.mode").isEqualTo("norm");
        assertThat(content).extractingJsonPathArrayValue("$.samplePrefixes").containsExactly("分开", "不分开");
        assertThat(content).extractingJsonPathNumberValue("$.seed").isEqualTo(42);
    }

    @Test
    void absentFieldsStayAbsent() throws Exception {
        String minimal = "{\"corpus\": \"c-1\", \"optimizer\": {\"learningRate\": 0.01}}";
        assertThat(json.write(json.parseObject(minimal))).isStrictlyEqualToJson(minimal);
    }

    @Test
    void anUnknownFieldIsRefusedAtTheTopAndInsideEveryNestedObject() {
        assertThatThrownBy(() -> json.parseObject("{\"corpus\": \"c-1\", \"hiddenSise\": 8}"))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("hiddenSise");
        for (String nested : new String[] {"optimizer", "lrDecay", "clip"}) {
            assertThatThrownBy(() -> json.parseObject("{\"corpus\": \"c-1\", \"" + nested + "\": {\"bogus\": 1}}"))
                    .as(nested).isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("bogus");
        }
    }
}
