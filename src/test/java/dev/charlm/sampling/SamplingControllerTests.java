package dev.charlm.sampling;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.charlm.engine.sample.FinishReason;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.sample.Scorer;
import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.config.CharLmProperties;
import dev.charlm.training.NoCheckpointException;
import dev.charlm.web.InvalidFieldsException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(SamplingController.class)
@Import(StreamExecutorConfig.class)
@EnableConfigurationProperties(CharLmProperties.class)
class SamplingControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SamplingService sampling;

    @Test
    void samplesAsJson() throws Exception {
        SamplingOptions o = SamplingOptions.of(20, 0.8, 7);
        given(sampling.options(20, 0.8, null, null, 7L, null)).willReturn(o);
        given(sampling.sample(eq("m-abcdefgh22"), eq("分开"), eq(o), isNull())).willReturn(new SampleResult("分开", "我想要", 7, FinishReason.LENGTH));
        mvc.perform(get("/models/m-abcdefgh22/sample").param("prefix", "分开").param("length", "20").param("temperature", "0.8").param("seed", "7"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.prefix").value("分开"))
                .andExpect(jsonPath("$.text").value("我想要"))
                .andExpect(jsonPath("$.seed").value(7))
                .andExpect(jsonPath("$.finishReason").value("length"));
    }

    @Test
    void aParameterOfTheWrongTypeNamesTheField() throws Exception {
        mvc.perform(get("/models/m-abcdefgh22/sample").param("length", "lots"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("length"));
    }

    @Test
    void invalidOptionsAndMissingCheckpointsAreProblems() throws Exception {
        given(sampling.options(any(), any(), any(), any(), any(), any()))
                .willThrow(InvalidFieldsException.of("temperature", "must be between 0 (greedy) and 100"));
        mvc.perform(get("/models/m-abcdefgh22/sample").param("temperature", "-1"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("temperature"));
    }

    @Test
    void noCheckpointYetIs409() throws Exception {
        SamplingOptions o = SamplingOptions.greedy(5);
        given(sampling.options(any(), any(), any(), any(), any(), any())).willReturn(o);
        given(sampling.sample(eq("m-newnewnew2"), any(), any(), any())).willThrow(new NoCheckpointException("m-newnewnew2", ": wait"));
        mvc.perform(get("/models/m-newnewnew2/sample"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.detail").value("model m-newnewnew2 has no checkpoint yet: wait"));
    }

    @Test
    void aPrefixOutsideTheVocabularyIs400NamingTheCharactersAndTheField() throws Exception {
        SamplingOptions o = SamplingOptions.greedy(5);
        given(sampling.options(any(), any(), any(), any(), any(), any())).willReturn(o);
        UnknownCharactersException unknown = new UnknownCharactersException(java.util.Set.of((int) 'x'));
        given(sampling.sample(eq("m-abcdefgh22"), any(), any(), any())).willThrow(new OutsideVocabularyException("prefix", unknown));
        mvc.perform(get("/models/m-abcdefgh22/sample").param("prefix", "x"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Characters outside the vocabulary"))
                .andExpect(jsonPath("$.detail").value("prefix: " + unknown.getMessage()))
                .andExpect(jsonPath("$.characters[0]").value("x"))
                .andExpect(jsonPath("$.errors[0].field").value("prefix"))
                .andExpect(jsonPath("$.errors[0].message").value(unknown.getMessage()));
    }

    @Test
    void manySamplesInOneCallAndScores() throws Exception {
        SamplingOptions o = SamplingOptions.of(5, 1, 1);
        given(sampling.options(5, null, null, null, 1L, null)).willReturn(o);
        given(sampling.sampleMany(eq("m-abcdefgh22"), eq(List.of("a", "b")), anyInt(), eq(o))).willReturn(List.of(
                new SampleResult("a", "xy", 1, FinishReason.LENGTH), new SampleResult("a", "zz", 2, FinishReason.LENGTH),
                new SampleResult("b", "q", 3, FinishReason.STOP), new SampleResult("b", "r", 4, FinishReason.END_OF_LINE)));
        mvc.perform(post("/models/m-abcdefgh22/samples").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prefixes\": [\"a\", \"b\"], \"n\": 2, \"length\": 5, \"seed\": 1}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.samples.length()").value(4))
                .andExpect(jsonPath("$.samples[3].finishReason").value("end-of-line"));
        given(sampling.score("m-abcdefgh22", "abc")).willReturn(new Scorer.Score(2, 0.5, 0.5 / Math.log(2), Math.exp(0.5)));
        mvc.perform(post("/models/m-abcdefgh22/score").contentType(MediaType.APPLICATION_JSON).content("{\"text\": \"abc\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.chars").value(2))
                .andExpect(jsonPath("$.nll").value(0.5));
    }
}
