package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.training.request.Batching;
import dev.charlm.training.request.Limits;
import dev.charlm.training.request.Model;
import dev.charlm.training.request.Optimization;
import dev.charlm.training.request.Options;
import dev.charlm.training.request.Run;
import dev.charlm.training.request.Sampling;
import dev.charlm.training.request.Text;
import dev.charlm.training.request.Validation;
import dev.charlm.web.InvalidFieldsException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ModelController.class)
class ModelControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobRegistry jobs;

    @MockitoBean
    TrainingJobs lifecycle;

    @MockitoBean
    CheckpointStore checkpoints;

    @MockitoBean
    JobEvents events;

    static TrainingJob job(String id) {
        TrainingRequest spec = new TrainingRequest("jaychou", null, "test", new Options(
                new Model("gru", 1, 8, 0, 0.0, false, "normal", "float32"),
                new Text("none", false, 0, 0, 1), new Batching("sequential", 8, 2, false),
                new Optimization(null, null, null, "mean"), new Limits(1, 0L, 0.0, null),
                new Validation(0.1, 0, 0), new Sampling(0, List.of(), 10, 1.0),
                new Run(10, 1L, "auto")));
        return new TrainingJob(id, spec, TrainingConfig.defaults(), Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void postingARequestQueuesAJobAndPointsToIt() throws Exception {
        TrainingJob queued = job("m-abc");
        given(lifecycle.submit(any())).willReturn(new TrainingJobs.Submitted(queued, ModelView.of(queued)));
        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content("{\"corpus\": \"jaychou\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/models/m-abc"))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.config.cell").value("gru"))
                .andExpect(jsonPath("$.progress.step").value(0));
    }

    @Test
    void invalidFieldsAreListedInOneProblem() throws Exception {
        given(lifecycle.submit(any())).willThrow(new InvalidFieldsException(List.of(
                new InvalidFieldsException.FieldError("layers", "must be between 1 and 16"),
                new InvalidFieldsException.FieldError("cell", "must be one of [rnn, gru, lstm]"))));
        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content("{\"corpus\": \"jaychou\", \"layers\": 0, \"cell\": \"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("layers"))
                .andExpect(jsonPath("$.errors[1].field").value("cell"));
    }

    @Test
    void unknownFieldsWrongTypesAndBadJsonAreRefusedBeforeTheService() throws Exception {
        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content("{\"corpus\": \"jaychou\", \"hiddenSzie\": 3}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("hiddenSzie"))
                .andExpect(jsonPath("$.detail").value("unknown field 'hiddenSzie'"))
                // the options unwrapped from their groups are listed too, in the documented order
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "[corpus, preset, name, cell, layers, hiddenSize, embeddingSize")))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("evalChars")));
        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content("{\"corpus\": \"jaychou\", \"layers\": \"two\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("layers"));
        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content("{\"corpus\": \"jaychou\", \"optimizer\": {\"learningRate\": \"fast\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("optimizer.learningRate"));
        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content("{\"corpus\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/models").contentType(MediaType.TEXT_PLAIN).content("corpus=jaychou"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        verify(lifecycle, never()).submit(any());
    }

    @Test
    void aFullQueueIs429WithRetryAfter() throws Exception {
        given(lifecycle.submit(any())).willThrow(new QueueFullException(16, Duration.ofSeconds(30)));
        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content("{\"corpus\": \"jaychou\"}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(jsonPath("$.title").value("Too many training jobs"))
                .andExpect(jsonPath("$.detail").value("16 jobs are already waiting, the most the queue holds; retry after 30 s or cancel a job"))
                .andExpect(jsonPath("$.queued").value(16));
    }

    @Test
    void illegalTransitionsAre409AndUnknownModels404() throws Exception {
        given(lifecycle.cancel("m-donedone22")).willThrow(new IllegalTransitionException("m-donedone22", JobStatus.COMPLETED, JobStatus.CANCELLED));
        mvc.perform(post("/models/m-donedone22/cancel"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.detail").value("model m-donedone22 is COMPLETED; only QUEUED or RUNNING jobs can be cancelled"));
        given(jobs.get("m-nonenone22")).willThrow(new ModelNotFoundException("m-nonenone22"));
        mvc.perform(get("/models/m-nonenone22"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Model not found"))
                .andExpect(jsonPath("$.detail").value("no model with id 'm-nonenone22'"))
                .andExpect(jsonPath("$.instance").value("/models/m-nonenone22"));
    }

    @Test
    void listsFiltersByStatusAndRefusesAnUnknownOne() throws Exception {
        given(jobs.list(JobStatus.RUNNING)).willReturn(List.of(job("m-abcdefgh22")));
        mvc.perform(get("/models").param("status", "RUNNING"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value("m-abcdefgh22"));
        mvc.perform(get("/models").param("status", "SLEEPING"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("status"));
    }

    @Test
    void resumeAndDeleteAnswer202And204() throws Exception {
        given(lifecycle.resume(eq("m-abcdefgh22"), any())).willReturn(job("m-abcdefgh22"));
        mvc.perform(post("/models/m-abcdefgh22/resume").contentType(MediaType.APPLICATION_JSON).content("{\"epochs\": 50}"))
                .andExpect(status().isAccepted());
        mvc.perform(post("/models/m-abcdefgh22/resume"))
                .andExpect(status().isAccepted());
        mvc.perform(delete("/models/m-abcdefgh22")).andExpect(status().isNoContent());
        verify(lifecycle).delete("m-abcdefgh22");
    }

    @Test
    void presetsAreListedWithTheirOptions() throws Exception {
        mvc.perform(get("/presets"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("defaults"))
                .andExpect(jsonPath("$[?(@.name == 'char-rnn')].options.optimizer.type").value("rmsprop"))
                .andExpect(jsonPath("$[?(@.name == 'd2l-gru')].options.optimizer.learningRate").value(100.0));
    }

    @Test
    void aModelWithoutCheckpointHasNoFileToDownload() throws Exception {
        given(jobs.get("m-abcdefgh22")).willReturn(job("m-abcdefgh22"));
        given(checkpoints.latest("m-abcdefgh22")).willReturn(java.util.Optional.empty());
        mvc.perform(get("/models/m-abcdefgh22/file"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.detail").value("model m-abcdefgh22 has no checkpoint yet; the first is written at its first evaluation"));
    }

    @Test
    void theHistoryDownloadsAsCsvWithOneRowPerLoggedStepAndTheValidationOnItsStep() throws Exception {
        TrainingJob job = job("m-abcdefgh22");
        for (long step : new long[] {10, 20, 30}) {
            job.history().add(new History.Point(step, step / 100.0, new History.Point.Loss(2.5, Math.exp(2.5), 2.6),
                    new History.Point.Update(1e-4, 0.75), new History.Point.Pace(1234.5, step / 10.0), 64));
        }
        job.history().add(new History.Evaluation(20, 0.2, 2.25, Math.exp(2.25), true));
        job.history().add(new History.Evaluation(25, 0.25, 2.125, Math.exp(2.125), true));   // a step with no point
        given(jobs.get("m-abcdefgh22")).willReturn(job);

        String csv = mvc.perform(get("/models/m-abcdefgh22/history.csv"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"m-abcdefgh22-history.csv\""))
                .andReturn().getResponse().getContentAsString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("step,epoch,trainLoss,trainPerplexity,smoothedLoss,learningRate,gradientNorm,"
                + "charsPerSecond,elapsedSeconds,validationLoss,validationPerplexity");
        assertThat(lines).hasSize(1 + 3 + 1);
        assertThat(lines.get(1)).isEqualTo("10,0.1,2.5," + Math.exp(2.5) + ",2.6,1.0E-4,0.75,1234.5,1.0,,");
        assertThat(lines.get(2)).isEqualTo("20,0.2,2.5," + Math.exp(2.5) + ",2.6,1.0E-4,0.75,1234.5,2.0,2.25," + Math.exp(2.25));
        assertThat(lines.get(3)).isEqualTo("25,0.25,,,,,,,,2.125," + Math.exp(2.125));
        assertThat(lines.get(4)).startsWith("30,0.3,").endsWith(",3.0,,");
        assertThat(Double.parseDouble(lines.get(2).split(",")[3])).as("numbers read back exactly").isEqualTo(Math.exp(2.5));
    }
}
