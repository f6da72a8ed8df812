package dev.charlm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.ClipMode;
import dev.charlm.engine.train.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ConfigV1Test {

    final JsonMapper json = JsonMapper.builder().build();

    /** The "config" member of a model file's header as the first release wrote it (a GRU 1x16 on jaychou, 30 steps). */
    static String firstRelease() throws IOException {
        try (InputStream in = ConfigV1Test.class.getResourceAsStream("/options/v1-header-config.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theFirstReleasesHeaderConfigReadsIntoTheRecordsAndWritesBackByteForByte() throws IOException {
        String v1 = firstRelease();
        TrainingConfig c = json.readValue(v1, ConfigV1.class).toConfig();
        assertThat(c.model().cell()).isEqualTo(CellType.GRU);
        assertThat(c.model().hiddenSize()).isEqualTo(16);
        assertThat(c.batching().mode()).isEqualTo(BatchingMode.SEQUENTIAL);
        assertThat(c.batching().batchSize()).isEqualTo(4);
        assertThat(c.optimization().clip().mode()).isEqualTo(ClipMode.NORM);
        assertThat(c.optimization().clip().threshold()).isEqualTo(5.0);
        assertThat(c.limits().maxSteps()).isEqualTo(30);
        assertThat(c.validation().evalEvery()).isEqualTo(10);
        assertThat(c.validation().evalChars()).as("absent in v1: all of the tail").isZero();
        assertThat(c.sampling().samplePrefixes()).containsExactly("分开");
        assertThat(json.writeValueAsString(ConfigV1.of(c))).isEqualTo(v1);
    }

    @Test
    void evalCharsIsAddedOnlyWhenSet() throws IOException {
        TrainingConfig c = json.readValue(firstRelease(), ConfigV1.class).toConfig();
        TrainingConfig limited = c.withValidation(c.validation().withEvalChars(500));
        String written = json.writeValueAsString(ConfigV1.of(limited));
        assertThat(written).contains("\"evalEvery\":10,\"evalChars\":500,");
        assertThat(json.readValue(written, ConfigV1.class).toConfig()).isEqualTo(limited);
    }

    @Test
    void maxTrainSecondsIsAddedOnlyWhenSetAndReadsBackAsNoLimitFromTheFirstRelease() throws IOException {
        TrainingConfig c = json.readValue(firstRelease(), ConfigV1.class).toConfig();
        assertThat(c.limits().maxTrainSeconds()).as("absent in v1: no training-time limit").isZero();
        TrainingConfig timed = c.withLimits(c.limits().withMaxTrainSeconds(12.5));
        String written = json.writeValueAsString(ConfigV1.of(timed));
        assertThat(written).contains("\"maxSeconds\":0.0,\"maxTrainSeconds\":12.5,");
        assertThat(json.readValue(written, ConfigV1.class).toConfig()).isEqualTo(timed);
    }
}
