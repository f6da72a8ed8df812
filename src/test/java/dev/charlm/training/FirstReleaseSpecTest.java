package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job saved by release 0.1 (UpgradeTest's data directory) lacks the options added since; its config resolves
 * to what that release trained with, not to today's defaults for them.
 */
@JsonTest
class FirstReleaseSpecTest {

    static final Path JOB = Path.of("src/test/resources/upgrade/data-v0.1/models/m-y84p535c7m/job.json");

    @Autowired
    JsonMapper boot;

    @Test
    void aSavedSpecWithoutEvalCharsValidatesOnAllOfTheTailAsTheFirstReleaseDid() throws Exception {
        JsonMapper store = boot.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        JobRecord r = store.readValue(Files.readString(JOB), JobRecord.class);
        assertThat(r.spec().options().validation().evalChars()).as("the fixture predates evalChars").isNull();
        TrainingConfig c = new TrainingJob(r, History.Snapshot.EMPTY).resolvedConfig();
        assertThat(c.validation().evalChars()).isZero();
        assertThat(c.limits().maxTrainSeconds()).isZero();
        assertThat(c.validation().evalEvery()).as("what the spec saved").isEqualTo(8);
        assertThat(TrainingConfig.defaults().validation().evalChars()).as("today's default differs").isPositive();
    }
}
