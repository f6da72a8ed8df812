package dev.charlm.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.engine.sample.FinishReason;
import dev.charlm.engine.sample.SampleResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.boot.test.json.JacksonTester;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** The wire format of a sample (GET /models/{id}/sample, POST .../samples) and of a score (POST .../score). */
@JsonTest
class SamplingJsonTest {

    @Autowired
    JacksonTester<SampleResponse> sample;

    @Autowired
    JacksonTester<ScoreResponse> score;

    @Autowired
    JacksonTester<ScoreRequest> scoreRequest;

    @Autowired
    JacksonTester<SamplesRequest> samplesRequest;

    @Test
    void theRequestsReadTheirFieldsAndRefuseUnknownOnes() throws Exception {
        assertThat(scoreRequest.parseObject("{\"text\": \"分开\"}").text()).isEqualTo("分开");
        assertThatThrownBy(() -> scoreRequest.parseObject("{\"text\": \"a\", \"txt\": \"b\"}"))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("txt");
        String many = """
                {"prefixes": ["分开", "不"], "n": 2, "length": 10, "temperature": 0.8, "topK": 5, "topP": 0.9, "seed": 42,
                 "stop": ["\\n"]}""";
        assertThat(samplesRequest.write(samplesRequest.parseObject(many))).isStrictlyEqualToJson(many);
        assertThatThrownBy(() -> samplesRequest.parseObject("{\"prefixes\": [], \"count\": 2}"))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("count");
    }

    @Test
    void aSampleHasItsPrefixTextSeedAndFinishReason() throws Exception {
        String expected = "{\"prefix\": \"分开\", \"text\": \" 我想要\", \"seed\": 9007199254740991, \"finishReason\": \"length\"}";
        assertThat(sample.write(SampleResponse.of(new SampleResult("分开", " 我想要", 9007199254740991L, FinishReason.LENGTH))))
                .isStrictlyEqualToJson(expected);
        assertThat(sample.write(sample.parseObject(expected))).isStrictlyEqualToJson(expected);
    }

    @Test
    void everyFinishReasonHasItsWireName() throws Exception {
        assertThat(sample.write(SampleResponse.of(new SampleResult("", "a", 1, FinishReason.STOP))))
                .extractingJsonPathStringValue("$.finishReason").isEqualTo("stop");
        assertThat(sample.write(SampleResponse.of(new SampleResult("", "a", 1, FinishReason.END_OF_LINE))))
                .extractingJsonPathStringValue("$.finishReason").isEqualTo("end-of-line");
        assertThat(sample.write(SampleResponse.of(new SampleResult("", "a", 1, FinishReason.CANCELLED))))
                .extractingJsonPathStringValue("$.finishReason").isEqualTo("cancelled");
    }

    @Test
    void aScoreHasCharsNllBitsPerCharAndPerplexity() throws Exception {
        String expected = "{\"chars\": 54, \"nll\": 2.0931190380764573, \"bitsPerChar\": 3.019732456223182, \"perplexity\": 8.110171690104819}";
        assertThat(score.write(score.parseObject(expected))).isStrictlyEqualToJson(expected);
    }
}
