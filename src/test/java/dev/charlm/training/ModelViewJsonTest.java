package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.boot.test.json.JacksonTester;

/**
 * The wire format of a model (GET /models/{id}), of its progress (also an SSE event) and of its history
 * (GET /models/{id}/history, and history.json on disk). The values are built from JSON, not from
 * constructors that the option-model rewrite may change; what is pinned is the JSON they write.
 */
@JsonTest
class ModelViewJsonTest {

    static final String PROGRESS = """
            {"step": 24, "epoch": 0.75, "epochs": 30, "trainLoss": 3.0, "trainPerplexity": 20.1, "smoothedLoss": 2.9,
             "smoothedPerplexity": 19.3, "bitsPerChar": 4.3, "validationLoss": 2.8, "validationPerplexity": 18.4,
             "bestValidationLoss": 2.7, "bestValidationPerplexity": 18.0, "charsPerSecond": 20327.5, "learningRate": 0.05,
             "gradientNorm": 2.04, "elapsedSeconds": 0.07, "etaSeconds": 0.0, "progress": 1.0}""";

    static final String MODEL = """
            {"id": "m-3kq7x2p9ta", "name": "gru on jay chou", "status": "INTERRUPTED",
             "reason": "the service stopped at step 24; resume to continue", "corpus": "jaychou", "preset": "d2l-gru",
             "cell": "gru", "createdAt": "2026-11-23T19:50:58Z", "startedAt": "2026-11-23T19:50:59.125Z",
             "finishedAt": "2026-11-23T19:52:00Z",
             "config": {"corpus": "jaychou", "preset": "d2l-gru", "cell": "gru", "hiddenSize": 8,
                        "optimizer": {"type": "adam", "learningRate": 0.002}, "clip": {"mode": "norm", "threshold": 1.0}},
             "progress": %s, "vocabularySize": 24, "parameters": 840, "checkpointStep": 24}""".formatted(PROGRESS);

    @Autowired
    JacksonTester<ModelView> model;

    @Autowired
    JacksonTester<ProgressView> progress;

    @Autowired
    JacksonTester<History.Snapshot> history;

    @Test
    void aModelWritesEveryFieldWithItsNameAndNesting() throws Exception {
        assertThat(model.write(model.parseObject(MODEL))).isStrictlyEqualToJson(MODEL);
    }

    @Test
    void instantsAreIsoStringsAndTheStatusIsItsName() throws Exception {
        var json = model.write(model.parseObject(MODEL));
        assertThat(json).extractingJsonPathStringValue("$.createdAt").isEqualTo("2026-11-23T19:50:58Z");
        assertThat(json).extractingJsonPathStringValue("$.startedAt").isEqualTo("2026-11-23T19:50:59.125Z");
        assertThat(json).extractingJsonPathStringValue("$.status").isEqualTo("INTERRUPTED");
        assertThat(json).extractingJsonPathNumberValue("$.config.optimizer.learningRate").isEqualTo(0.002);
    }

    @Test
    void aQueuedModelLeavesOutWhatItDoesNotHaveYet() throws Exception {
        String queued = """
                {"id": "m-1", "name": "n", "status": "QUEUED", "corpus": "c-1", "cell": "rnn",
                 "createdAt": "2026-11-23T19:50:58Z", "config": {"corpus": "c-1"},
                 "progress": {"step": 0, "epoch": 0.0, "epochs": 30, "elapsedSeconds": 0.0, "progress": 0.0}}""";
        assertThat(model.write(model.parseObject(queued))).isStrictlyEqualToJson(queued);
    }

    @Test
    void progressAlwaysHasItsCountersAndLeavesOutUnknownLosses() throws Exception {
        assertThat(progress.write(progress.parseObject(PROGRESS))).isStrictlyEqualToJson(PROGRESS);
        String early = "{\"step\": 0, \"epoch\": 0.0, \"epochs\": 5, \"elapsedSeconds\": 0.0, \"progress\": 0.0}";
        assertThat(progress.write(progress.parseObject(early))).isStrictlyEqualToJson(early);
    }

    @Test
    void aHistorySnapshotHasItsFourListsAndTheirFields() throws Exception {
        String snapshot = """
                {"points": [{"step": 5, "epoch": 0.25, "trainLoss": 3.08, "trainPerplexity": 21.9, "smoothedLoss": 3.14,
                             "learningRate": 0.02, "gradientNorm": 0.22, "charsPerSecond": 3155.7, "elapsedSeconds": 0.11,
                             "predictions": 64}],
                 "epochs": [{"epoch": 1, "step": 18, "meanLoss": 2.9, "perplexity": 18.2, "seconds": 0.4}],
                 "evaluations": [{"step": 10, "epoch": 0.5, "validationLoss": 2.95, "validationPerplexity": 19.1, "best": true},
                                 {"step": 20, "epoch": 1.0, "best": false}],
                 "samples": [{"step": 10, "epoch": 0.5, "prefix": "twin", "text": "kle tw"}]}""";
        assertThat(history.write(history.parseObject(snapshot))).isStrictlyEqualToJson(snapshot);
    }
}
