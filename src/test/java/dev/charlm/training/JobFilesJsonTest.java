package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files a model leaves on disk, byte for byte: {@code job.json} ({@link JobRecord}) and
 * {@code history.json} ({@link History.Snapshot}, whose points are also the {@code point} SSE event).
 * A data directory outlives a release, so these pin field names, their order, and that job.json
 * writes an unknown as null. Read and written with {@link ModelStore}'s mapper.
 */
@JsonTest
class JobFilesJsonTest {

    /** A finished job, as today's release writes it (values from the 0.1 data directory of UpgradeTest). */
    static final String FINISHED = compact("""
            {"id":"m-y84p535c7m","name":"v0.1 lstm","corpus":"c-i2qvr5pdu3","status":"COMPLETED","reason":"reached maxSteps 24",
            "createdAt":"2026-12-02T01:18:27.262928747Z","startedAt":"2026-12-02T01:18:27.268487229Z",
            "finishedAt":"2026-12-02T01:18:27.353290298Z",
            "spec":{"corpus":"c-i2qvr5pdu3","name":"v0.1 lstm","cell":"lstm","layers":2,"hiddenSize":6,"embeddingSize":4,
            "dropout":0.1,"bidirectional":false,"init":"uniform","precision":"float64","preprocessing":"lowercase",
            "joinLines":false,"maxChars":0,"maxVocab":0,"minFrequency":1,"batching":"random","seqLength":12,"batchSize":3,
            "randomOffset":false,"optimizer":{"type":"sgd","learningRate":0.05,"momentum":0.9,"beta1":0.9,"beta2":0.999,
            "alpha":0.99,"epsilon":1.0E-8,"weightDecay":1.0E-4},"lrDecay":{"factor":0.9,"afterEpoch":1},
            "clip":{"mode":"value","threshold":1.0},"lossReduction":"sum","epochs":30,"maxSteps":24,"maxSeconds":0.0,
            "valFraction":0.1,"evalEvery":8,"evalChars":0,"sampleEvery":250,"samplePrefixes":[],"sampleLength":100,
            "sampleTemperature":0.8,"logEvery":4,"seed":12,"kernel":"auto"},
            "progress":{"step":24,"epoch":0.7272727272727273,"epochs":30,"trainLoss":3.004678041904949,
            "trainPerplexity":20.179718026416047,"smoothedLoss":2.9617224479950717,"smoothedPerplexity":19.3312401515779,
            "bitsPerChar":4.334834110524231,"validationLoss":2.9168734801968483,"validationPerplexity":18.48340828466959,
            "bestValidationLoss":2.9168734801968483,"bestValidationPerplexity":18.48340828466959,
            "charsPerSecond":20327.71428098863,"learningRate":0.05,"gradientNorm":2.043710257176503,
            "elapsedSeconds":0.071169618,"etaSeconds":0.0,"progress":1.0},
            "vocabularySize":24,"parameters":840,"checkpointStep":24}""");

    /** A job killed while running: no reason, no finish, no validation yet. */
    static final String RUNNING = compact("""
            {"id":"m-fm42wjgre7","name":"v0.1 rnn killed","corpus":"c-i2qvr5pdu3","status":"RUNNING","reason":null,
            "createdAt":"2026-12-02T01:18:27.408572244Z","startedAt":"2026-12-02T01:18:27.412725076Z","finishedAt":null,
            "spec":{"corpus":"c-i2qvr5pdu3","name":"v0.1 rnn killed","cell":"rnn","hiddenSize":8,"epochs":100000},
            "progress":{"step":20,"epoch":0.4878048780487805,"epochs":100000,"trainLoss":2.6623452398122747,
            "trainPerplexity":14.32985667165833,"smoothedLoss":2.929950282232464,"smoothedPerplexity":18.726699423839005,
            "bitsPerChar":3.840952274611507,"charsPerSecond":15212.534919601398,"learningRate":0.01,
            "gradientNorm":0.6932732984194924,"elapsedSeconds":0.04407779,"etaSeconds":8624.424574431,
            "progress":4.878048780487805E-6},
            "vocabularySize":24,"parameters":480,"checkpointStep":20}""");

    /** A job just queued: no progress and no checkpoint in its record yet. */
    static final String QUEUED = compact("""
            {"id":"m-1","name":null,"corpus":"c-1","status":"QUEUED","reason":null,"createdAt":"2026-11-23T19:50:58Z",
            "startedAt":null,"finishedAt":null,"spec":{"corpus":"c-1"},"progress":null,"vocabularySize":null,
            "parameters":null,"checkpointStep":null}""");

    static final String HISTORY = compact("""
            {"points":[{"step":4,"epoch":0.12121212121212122,"trainLoss":3.125718281733482,"trainPerplexity":22.77624898307532,
            "smoothedLoss":3.160220265372652,"learningRate":0.05,"gradientNorm":1.9557427675796306,
            "charsPerSecond":6842.377982938246,"elapsedSeconds":0.0231151,"predictions":36}],
            "epochs":[{"epoch":1,"step":33,"meanLoss":2.9,"perplexity":18.17,"seconds":0.4}],
            "evaluations":[{"step":8,"epoch":0.24242424242424243,"validationLoss":2.9455715240929696,
            "validationPerplexity":19.021530543456574,"best":true},{"step":16,"epoch":0.48,"best":false}],
            "samples":[{"step":10,"epoch":0.3,"prefix":"twin","text":"kle tw"}]}""");

    @Autowired
    JsonMapper boot;

    @Test
    void aFinishedJobIsWrittenAsItsJobJsonWasRead() throws Exception {
        assertThat(roundTrip(FINISHED, JobRecord.class)).isEqualTo(FINISHED);
    }

    @Test
    void aRunningJobWritesWhatItDoesNotKnowYetAsNull() throws Exception {
        assertThat(roundTrip(RUNNING, JobRecord.class)).isEqualTo(RUNNING);
        assertThat(roundTrip(QUEUED, JobRecord.class)).isEqualTo(QUEUED);
    }

    @Test
    void aJobRecordReadsItsFieldsBackFromTheirNames() throws Exception {
        JobRecord r = store().readValue(FINISHED, JobRecord.class);
        assertThat(r.id()).isEqualTo("m-y84p535c7m");
        assertThat(r.corpus()).isEqualTo("c-i2qvr5pdu3");
        assertThat(r.spec().options().model().cell()).isEqualTo("lstm");
        assertThat(store().writeValueAsString(r.progress())).contains("\"bestValidationLoss\":2.9168734801968483");
        assertThat(store().writeValueAsString(r)).contains("\"status\":\"COMPLETED\"", "\"reason\":\"reached maxSteps 24\"",
                "\"finishedAt\":\"2026-12-02T01:18:27.353290298Z\"", "\"vocabularySize\":24", "\"checkpointStep\":24");
    }

    @Test
    void aHistoryIsWrittenAsItsHistoryJsonWasRead() throws Exception {
        assertThat(roundTrip(HISTORY, History.Snapshot.class)).isEqualTo(HISTORY);
    }

    @Test
    void aHistoryPointHasItsTenFieldsInOrder() throws Exception {
        History.Snapshot s = store().readValue(HISTORY, History.Snapshot.class);
        assertThat(store().writeValueAsString(s.points().get(0))).isEqualTo(compact("""
                {"step":4,"epoch":0.12121212121212122,"trainLoss":3.125718281733482,"trainPerplexity":22.77624898307532,
                "smoothedLoss":3.160220265372652,"learningRate":0.05,"gradientNorm":1.9557427675796306,
                "charsPerSecond":6842.377982938246,"elapsedSeconds":0.0231151,"predictions":36}"""));
    }

    private <T> String roundTrip(String json, Class<T> type) {
        return store().writeValueAsString(store().readValue(json, type));
    }

    /** ModelStore's mapper: Boot's, tolerant of fields a later release may add. */
    private JsonMapper store() {
        return boot.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    static String compact(String lines) {
        return lines.replace("\n", "");
    }
}
