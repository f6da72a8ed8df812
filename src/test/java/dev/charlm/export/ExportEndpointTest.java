package dev.charlm.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The endpoints' edges with an API token set: export is guarded like the model download (weights leave the
 * service), import like every write; a model without a checkpoint answers the download's 409; both are in
 * the OpenAPI description.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ExportEndpointTest {

    static final String TOKEN = "Bearer s3cret-token";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.security.api-token", () -> "s3cret-token");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void anExportNeedsTheTokenAsAModelDownloadDoes() throws Exception {
        mvc.perform(get("/models/m-abcdefghij/export").param("format", "safetensors")).andExpect(status().isUnauthorized());
        mvc.perform(get(java.net.URI.create("/models/m-abcdefghij/expor%74?format=safetensors"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/models/m-abcdefghij/export").param("format", "safetensors").header("Authorization", TOKEN))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void anImportNeedsTheToken() throws Exception {
        MockMultipartFile file = new MockMultipartFile("file", "m.safetensors", "application/octet-stream", Models.export(
                Models.random(dev.charlm.engine.nn.CellType.RNN, 1, 0, dev.charlm.engine.kernel.Precision.FLOAT32, 1)));
        mvc.perform(multipart("/models/import").file(file)).andExpect(status().isUnauthorized());
        mvc.perform(multipart("/models/import").file(file).param("name", "x".repeat(101)).header("Authorization", TOKEN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(multipart("/models/import").file(file).param("name", "tiny rnn").header("Authorization", TOKEN))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("tiny rnn"))
                .andExpect(jsonPath("$.status").value("COMPLETED"));
    }

    @Test
    void aModelWithoutACheckpointAnswersTheDownloadsConflict() throws Exception {
        String text = "the time traveller was expounding a recondite matter to us. ".repeat(5000);
        String corpus = JSON.readTree(mvc.perform(post("/corpora").contentType(MediaType.TEXT_PLAIN).content(text.getBytes(StandardCharsets.UTF_8))
                .header("Authorization", TOKEN)).andReturn().getResponse().getContentAsString()).get("id").asString();
        // the first checkpoint comes at the end of the first epoch, far away
        JsonNode job = JSON.readTree(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).header("Authorization", TOKEN)
                .content("{\"corpus\": \"" + corpus + "\", \"hiddenSize\": 64, \"seqLength\": 16, \"batchSize\": 2, \"epochs\": 1}"))
                .andReturn().getResponse().getContentAsString());
        String id = job.get("id").asString();
        try {
            String file = mvc.perform(get("/models/" + id + "/file").header("Authorization", TOKEN))
                    .andExpect(status().isConflict()).andReturn().getResponse().getContentAsString();
            String export = mvc.perform(get("/models/" + id + "/export").param("format", "safetensors").header("Authorization", TOKEN))
                    .andExpect(status().isConflict())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andReturn().getResponse().getContentAsString();
            assertThat(JSON.readTree(export).get("detail").asString()).startsWith("model " + id + " has no checkpoint yet");
            assertThat(JSON.readTree(file).get("detail").asString()).startsWith("model " + id + " has no checkpoint yet");
        } finally {
            mvc.perform(delete("/models/" + id).header("Authorization", TOKEN)).andExpect(status().isNoContent());
        }
    }

    @Test
    void bothEndpointsAreInTheOpenApiDescription() throws Exception {
        JsonNode paths = JSON.readTree(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).get("paths");
        assertThat(paths.get("/models/{id}/export").get("get").get("summary").asString()).contains("Export");
        assertThat(paths.get("/models/{id}/export").get("get").get("parameters").toString()).contains("format");
        assertThat(paths.get("/models/import").get("post").get("summary").asString()).contains("Import");
        assertThat(paths.get("/models/import").get("post").get("responses").has("400")).isTrue();
    }
}
