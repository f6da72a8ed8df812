package dev.charlm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.golden.GoldenFiles;
import dev.charlm.golden.UpgradeData;
import dev.charlm.golden.UpgradeData.Expected;
import dev.charlm.golden.UpgradeData.ModelExpected;
import dev.charlm.golden.UpgradeData.SampleExpected;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A data directory left by release 0.1 (src/test/resources/upgrade/data-v0.1, made by {@link UpgradeData}:
 * one uploaded corpus, two COMPLETED models and a job whose service was killed while it was RUNNING)
 * still works with this build: every model is listed with its state, the killed one INTERRUPTED; seeded
 * samples and scores are the very ones 0.1 answered (expected.json); the corpus is listed and previewable;
 * and the interrupted job resumes from its checkpoint to COMPLETED. The test runs on a copy, so the
 * committed directory never changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeTest {

    @TempDir
    static Path copy;

    static final Expected EXPECTED = read("/upgrade/expected.json", Expected.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        // evaluated when the context starts, after the @TempDir exists
        r.add("charlm.data-dir", () -> copyOfTheCommittedDirectory().toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    static Path copyOfTheCommittedDirectory() {
        return UpgradeData.copyInto(copy);
    }

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }

    @Test
    @Order(1)
    void theCommittedDirectoryHoldsAJobThatWasRunningWhenItsServiceWasKilled() throws IOException {
        ModelExpected killed = killed();
        JsonNode record = GoldenFiles.JSON.readTree(resource("/upgrade/" + UpgradeData.DATA + "/models/" + killed.id() + "/job.json").toFile());
        assertThat(record.get("status").asString()).isEqualTo("RUNNING");
        assertThat(EXPECTED.models()).extracting(ModelExpected::status)
                .containsExactlyInAnyOrder("COMPLETED", "COMPLETED", "INTERRUPTED");
    }

    @Test
    @Order(2)
    void everyModelIsListedWithItsStateConfigAndCheckpoint() {
        JsonNode list = http().json(http().get("/models"));
        Map<String, JsonNode> byId = new HashMap<>();
        list.forEach(m -> byId.put(m.get("id").asString(), m));
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.models().stream().map(ModelExpected::id).toList());
        for (ModelExpected e : EXPECTED.models()) {
            JsonNode m = byId.get(e.id());
            assertThat(m.get("status").asString()).as(e.name()).isEqualTo(e.status());
            assertThat(m.get("name").asString()).isEqualTo(e.name());
            assertThat(m.get("cell").asString()).isEqualTo(e.cell());
            assertThat(m.get("corpus").asString()).isEqualTo(EXPECTED.corpus().id());
            assertThat(m.get("checkpointStep").asLong()).as(e.name()).isEqualTo(e.checkpointStep());
            assertThat(m.get("config")).as("the resolved options of %s", e.name()).isEqualTo(e.config());
        }
        JsonNode killed = http().json(http().get("/models/" + killed().id()));
        assertThat(killed.get("reason").asString()).contains("stopped while the job was running").contains("resume");
        assertThat(http().json(http().get("/models?status=INTERRUPTED"))).extracting(n -> n.get("id").asString())
                .containsExactly(killed().id());
    }

    @Test
    @Order(3)
    void seededSamplesAndScoresAreTheOnesTheOldReleaseGave() {
        for (ModelExpected e : EXPECTED.models()) {
            assertThat(e.samples()).isNotEmpty();
            for (SampleExpected s : e.samples()) {
                HttpResponse<String> r = http().get("/models/" + e.id() + "/sample" + s.query());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode got = http().json(r);
                assertThat(got.get("text").asString()).as("%s sample %s", e.name(), s).isEqualTo(s.text());
                assertThat(got.get("finishReason").asString()).isEqualTo(s.finishReason());
                assertThat(got.get("seed").asLong()).isEqualTo(s.seed());
                assertThat(got.get("prefix").asString()).isEqualTo(s.prefix());
            }
            HttpResponse<String> r = http().postJson("/models/" + e.id() + "/score",
                    GoldenFiles.JSON.writeValueAsString(Map.of("text", e.score().text())));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode score = http().json(r);
            assertThat(score.get("chars").asLong()).isEqualTo(e.score().chars());
            assertThat(score.get("nll").asDouble()).as("%s nll", e.name()).isEqualTo(e.score().nll());
            assertThat(score.get("bitsPerChar").asDouble()).isEqualTo(e.score().bitsPerChar());
            assertThat(score.get("perplexity").asDouble()).isEqualTo(e.score().perplexity());
        }
    }

    @Test
    @Order(4)
    void theCorpusIsStillListedAndPreviewable() {
        UpgradeData.CorpusExpected c = EXPECTED.corpus();
        JsonNode listed = null;
        for (JsonNode n : http().json(http().get("/corpora"))) {
            if (n.get("id").asString().equals(c.id())) {
                listed = n;
            }
        }
        assertThat(listed).as("corpus " + c.id() + " in GET /corpora").isNotNull();
        assertThat(listed.get("name").asString()).isEqualTo(c.name());
        assertThat(listed.get("builtIn").asBoolean()).isFalse();
        JsonNode one = http().json(http().get("/corpora/" + c.id() + "?preview=" + c.preview().length()));
        assertThat(one.get("preview").asString()).isEqualTo(c.preview());
        assertThat(one.get("chars").asLong()).isEqualTo(c.chars());
        assertThat(one.get("distinctChars").asLong()).isEqualTo(c.distinctChars());
        assertThat(one.get("lines").asLong()).isEqualTo(c.lines());
    }

    @Test
    @Order(5)
    void theInterruptedJobResumesFromItsCheckpointToCompleted() {
        ModelExpected killed = killed();
        long until = killed.checkpointStep() + 10;
        HttpResponse<String> r = http().postJson("/models/" + killed.id() + "/resume", "{\"maxSteps\": " + until + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode done = http().awaitStatus("/models/" + killed.id(), Duration.ofSeconds(60), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("reason").asString()).isEqualTo("reached maxSteps " + until);
        assertThat(done.get("progress").get("step").asLong()).isEqualTo(until);
        assertThat(done.get("checkpointStep").asLong()).isEqualTo(until);
        assertThat(http().get("/models/" + killed.id() + "/sample?length=5&seed=1").statusCode()).isEqualTo(200);
    }

    static ModelExpected killed() {
        List<ModelExpected> interrupted = EXPECTED.models().stream().filter(m -> m.status().equals("INTERRUPTED")).toList();
        assertThat(interrupted).hasSize(1);
        return interrupted.get(0);
    }

    static Path resource(String name) {
        try {
            var url = UpgradeTest.class.getResource(name);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String name, Class<T> type) {
        try {
            return GoldenFiles.JSON.readValue(Files.readAllBytes(resource(name)), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
