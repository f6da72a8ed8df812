package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one addition sweeps make to a model's JSON: {@code "sweep"} last in job.json and in the API's model, present
 * only for a run of a sweep ({@link JobFilesJsonTest} and {@link ModelViewJsonTest} pin the rest, without it).
 */
@JsonTest
class SweepMemberJsonTest {

    static final String QUEUED_RUN = withSweep(JobFilesJsonTest.QUEUED);
    static final String FINISHED_RUN = withSweep(JobFilesJsonTest.FINISHED);

    static String withSweep(String json) {
        return json.substring(0, json.length() - 1) + ",\"sweep\":\"s-7hq2m4x9ka\"}";
    }

    @Autowired
    JsonMapper boot;

    @Test
    void aRunOfASweepCarriesItsSweepLastInItsJobJson() {
        JsonMapper store = boot.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        JobRecord r = store.readValue(QUEUED_RUN, JobRecord.class);
        assertThat(r.sweep()).isEqualTo("s-7hq2m4x9ka");
        assertThat(store.writeValueAsString(r)).isEqualTo(QUEUED_RUN);
        assertThat(store.writeValueAsString(store.readValue(FINISHED_RUN, JobRecord.class))).isEqualTo(FINISHED_RUN);
        assertThat(store.writeValueAsString(store.readValue(JobFilesJsonTest.QUEUED, JobRecord.class))).doesNotContain("sweep");
    }

    @Test
    void theApiShowsTheSweepOfARunAndNothingForOtherModels() {
        JsonMapper store = boot.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        TrainingJob run = new TrainingJob(store.readValue(FINISHED_RUN, JobRecord.class), History.Snapshot.EMPTY);
        TrainingJob other = new TrainingJob(store.readValue(JobFilesJsonTest.FINISHED, JobRecord.class), History.Snapshot.EMPTY);
        assertThat(boot.writeValueAsString(ModelView.of(run))).endsWith(",\"sweep\":\"s-7hq2m4x9ka\"}");
        assertThat(boot.writeValueAsString(ModelView.of(other))).doesNotContain("sweep");
    }
}
