package dev.charlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service killed after writing a checkpoint's model file but before its job.json: the data directory holds a
 * RUNNING record at checkpoint {@link #RECORDED} and a model file at step {@link #ON_FILE}. The next service shows
 * the model file's step (the one sampling and resuming use) as checkpoint and progress, saves the corrected
 * record, refuses a resume whose limit lies between the two with the step it shows, and resumes past it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KilledBetweenCheckpointAndRecordTest {

    static final long RECORDED = 20;
    static final long ON_FILE = 40;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path data;
    static String id;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        // evaluated when the context starts, after @BeforeAll has made the directory
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    /** A first service trains to a checkpoint at ON_FILE; then job.json and history.json go back to RECORDED. */
    @BeforeAll
    static void aServiceWasKilledBetweenWritingTheModelFileAndTheRecord() {
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(CharLmApplication.class)
                .run("--server.port=0", "--charlm.data-dir=" + data, "--charlm.bootstrap.enabled=false")) {
            Http http = new Http(first.getEnvironment().getProperty("local.server.port", Integer.class));
            String text = "the time traveller was expounding a recondite matter to us. ".repeat(200);
            String corpus = http.uploadCorpus(text);
            String body = "{\"corpus\": \"%s\", \"cell\": \"gru\", \"hiddenSize\": 16, \"seqLength\": 16, \"batchSize\": 4,"
                    + " \"epochs\": 100000, \"maxSteps\": %d, \"evalEvery\": 10, \"logEvery\": 5}";
            id = http.submit(body.formatted(corpus, ON_FILE));
            JsonNode done = http.awaitStatus("/models/" + id, Duration.ofSeconds(60), "COMPLETED", "FAILED");
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("checkpointStep").asLong()).isEqualTo(ON_FILE);
        }
        Path dir = data.resolve("models").resolve(id);
        // job.json as the save after checkpoint RECORDED left it: RUNNING, at that step
        ObjectNode record = (ObjectNode) JSON.readTree(dir.resolve("job.json").toFile());
        record.put("status", "RUNNING");
        record.remove("reason");
        record.remove("finishedAt");
        record.put("checkpointStep", RECORDED);
        ((ObjectNode) record.get("progress")).put("step", RECORDED);
        JSON.writeValue(dir.resolve("job.json").toFile(), record);
        // history.json is saved with job.json, so it too ends at that checkpoint
        ObjectNode history = (ObjectNode) JSON.readTree(dir.resolve("history.json").toFile());
        for (String list : new String[] {"points", "epochs", "evaluations", "samples"}) {
            ArrayNode kept = JSON.createArrayNode();
            history.get(list).forEach(n -> {
                if (n.get("step").asLong() <= RECORDED) {
                    kept.add(n);
                }
            });
            history.set(list, kept);
        }
        JSON.writeValue(dir.resolve("history.json").toFile(), history);
    }

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }

    @Test
    @Order(1)
    void theModelShowsTheStepOfItsModelFileAndTheRecordIsCorrected() {
        JsonNode m = http().json(http().get("/models/" + id));
        assertThat(m.get("status").asString()).isEqualTo("INTERRUPTED");
        assertThat(m.get("checkpointStep").asLong()).isEqualTo(ON_FILE);
        assertThat(m.get("progress").get("step").asLong()).isEqualTo(ON_FILE);

        JsonNode saved = JSON.readTree(data.resolve("models").resolve(id).resolve("job.json").toFile());
        assertThat(saved.get("status").asString()).isEqualTo("INTERRUPTED");
        assertThat(saved.get("checkpointStep").asLong()).isEqualTo(ON_FILE);
        assertThat(saved.get("progress").get("step").asLong()).isEqualTo(ON_FILE);
    }

    @Test
    @Order(2)
    void aResumeToALimitTheModelFileHasPassedIsRefusedWithTheStepTheModelShows() {
        long shown = http().json(http().get("/models/" + id)).get("checkpointStep").asLong();
        long limit = (RECORDED + ON_FILE) / 2;
        HttpResponse<String> r = http().postJson("/models/" + id + "/resume", "{\"maxSteps\": " + limit + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(http().json(r).get("detail").asString()).contains("already trained " + shown + " of " + limit + " steps");
        assertThat(http().json(http().get("/models/" + id)).get("status").asString()).isEqualTo("INTERRUPTED");
    }

    @Test
    @Order(3)
    void aResumeToAHigherLimitCompletes() {
        long limit = ON_FILE + 10;
        HttpResponse<String> r = http().postJson("/models/" + id + "/resume", "{\"maxSteps\": " + limit + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode done = http().awaitStatus("/models/" + id, Duration.ofSeconds(60), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("reason").asString()).isEqualTo("reached maxSteps " + limit);
        assertThat(done.get("progress").get("step").asLong()).isEqualTo(limit);
        assertThat(done.get("checkpointStep").asLong()).isEqualTo(limit);
        assertThat(Files.exists(data.resolve("models").resolve(id).resolve("model.clm"))).isTrue();
    }
}
