package dev.charlm.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.golden.UpgradeData;
import dev.charlm.training.CheckpointStore;
import dev.charlm.training.JobRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a data directory with three stored models, start-up loads the two whose checkpoints were written last
 * (charlm.sampling.warm-up-models=2) into the sampling cache, newest first, and leaves the oldest to its first
 * request; readiness is Boot's indicator replaced by the warm-up's, UP once the warm-up is over.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ModelWarmUpTest {

    static final String NEWEST = "m-y84p535c7m";
    static final String SECOND = "m-fm42wjgre7";
    static final String OLDEST = "m-hwwbzbev9u";

    @TempDir
    static Path copy;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> dataWithCheckpointTimes().toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.sampling.warm-up-models", () -> "2");
    }

    /** The 0.1 directory, its checkpoints written an hour apart in the order OLDEST, SECOND, NEWEST. */
    static Path dataWithCheckpointTimes() {
        Path data = UpgradeData.copyInto(copy);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try {
            for (String id : List.of(OLDEST, SECOND, NEWEST)) {
                Files.setLastModifiedTime(data.resolve("models").resolve(id).resolve("model.clm"), FileTime.from(t));
                t = t.plusSeconds(3600);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data;
    }

    @Autowired
    ModelWarmUp warmUp;

    @Autowired
    LoadedModels models;

    @Autowired
    JobRegistry jobs;

    @Autowired
    CheckpointStore checkpoints;

    @Autowired
    @Qualifier("readinessStateHealthIndicator")
    HealthIndicator readiness;

    @Test
    void startUpLoadsTheModelsWhoseCheckpointsAreNewest() throws Exception {
        assertThat(warmUp.warmed().get(60, TimeUnit.SECONDS)).containsExactly(NEWEST, SECOND);
        assertThat(models.isLoaded(NEWEST)).isTrue();
        assertThat(models.isLoaded(SECOND)).isTrue();
        assertThat(models.isLoaded(OLDEST)).isFalse();
    }

    /** The warm-up only reads the weights: a seeded sample of the warmed model is that of the checkpoint read afresh. */
    @Test
    void aSeededSampleOfAWarmedModelIsTheSameAsOfTheCheckpointReadAfresh() throws Exception {
        warmUp.warmed().get(60, TimeUnit.SECONDS);
        SamplingOptions o = SamplingOptions.of(200, 1.0, 42L);
        String warmed = new Sampler(models.model(jobs.get(NEWEST))).sample("", o).text();
        String fresh = new Sampler(checkpoints.read(NEWEST).orElseThrow().checkpoint().servingModel()).sample("", o).text();
        assertThat(warmed).isEqualTo(fresh);
    }

    @Test
    void readinessIsTheWarmUpsAndUpOnceItIsOver() throws Exception {
        warmUp.warmed().get(60, TimeUnit.SECONDS);
        assertThat(readiness).isInstanceOf(WarmUpReadiness.class);
        assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
    }
}
