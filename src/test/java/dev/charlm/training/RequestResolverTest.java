package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.corpus.Corpus;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.ClipMode;
import dev.charlm.engine.train.LossReduction;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.web.InvalidFieldsException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RequestResolverTest {

    static final Corpus JAYCHOU = new Corpus("jaychou", "jaychou", 63282, 2583, 5819, 171182, "x", Instant.EPOCH, true);
    static final Corpus TINY = new Corpus("c-tiny", "tiny", 500, 20, 10, 500, "y", Instant.EPOCH, false);
    final RequestResolver resolver = new RequestResolver(
            id -> Optional.ofNullable(id.equals("jaychou") ? JAYCHOU : id.equals("c-tiny") ? TINY : null), 2, 10000);
    final JsonMapper json = JsonMapper.builder().build();

    TrainingRequest request(String body) {
        return json.readValue(body, TrainingRequest.class);
    }

    @Test
    void aCorpusAloneTrainsTheDefaultGru() {
        RequestResolver.Resolved r = resolver.resolve(request("{\"corpus\": \"jaychou\"}"));
        assertThat(r.config().cell()).isEqualTo(CellType.GRU);
        assertThat(r.config().hiddenSize()).isEqualTo(256);
        assertThat(r.config().optimizer().type()).isEqualTo(OptimizerType.ADAM);
        assertThat(r.config().epochs()).isEqualTo(30);
        assertThat(r.config().threads()).isEqualTo(2);
        assertThat(r.spec().name()).isEqualTo("gru on jaychou");
        assertThat(r.spec().layers()).isEqualTo(1);
    }

    @Test
    void theDefaultNameSaysWhichCellTrains() {
        assertThat(resolver.resolve(request("{\"corpus\": \"jaychou\", \"cell\": \"rnn\"}")).spec().name())
                .isEqualTo("rnn on jaychou");
    }

    @Test
    void theDefaultNameCallsAnUploadedCorpusByItsName() {
        assertThat(resolver.resolve(request("{\"corpus\": \"c-tiny\", \"cell\": \"lstm\", \"seqLength\": 8, \"batchSize\": 4}")).spec().name())
                .isEqualTo("lstm on tiny");
    }

    @Test
    void aPresetSetsTheSeedsOptionsAndExplicitFieldsOverrideIt() {
        RequestResolver.Resolved r = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"d2l-gru\", \"epochs\": 20}"));
        assertThat(r.config().optimizer().type()).isEqualTo(OptimizerType.SGD);
        assertThat(r.config().optimizer().learningRate()).isEqualTo(100.0);
        assertThat(r.config().clip()).isEqualTo(ClipMode.NORM);
        assertThat(r.config().clipThreshold()).isEqualTo(0.01);
        assertThat(r.config().seqLength()).isEqualTo(35);
        assertThat(r.config().joinLines()).isTrue();
        assertThat(r.config().maxChars()).isEqualTo(10000);
        assertThat(r.config().samplePrefixes()).containsExactly("分开", "不分开");
        assertThat(r.config().epochs()).isEqualTo(20);
        RequestResolver.Resolved dino = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"dinosaurs\"}"));
        assertThat(dino.config().batching()).isEqualTo(BatchingMode.LINES);
        assertThat(dino.config().lossReduction()).isEqualTo(LossReduction.SUM);
        assertThat(dino.config().maxSteps()).isEqualTo(22000);
        RequestResolver.Resolved charRnn = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"char-rnn\"}"));
        assertThat(charRnn.config().lrDecay()).isEqualTo(0.97);
        assertThat(charRnn.config().lrDecayAfter()).isEqualTo(10);
        assertThat(charRnn.config().optimizer().alpha()).isEqualTo(0.95);
    }

    @Test
    void switchingOptimizerTakesThatOptimizersSettingsNotThePresets() {
        RequestResolver.Resolved r = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"d2l-gru\", \"optimizer\": {\"type\": \"adam\"}}"));
        assertThat(r.config().optimizer().type()).isEqualTo(OptimizerType.ADAM);
        assertThat(r.config().optimizer().learningRate()).isEqualTo(2e-3);
        RequestResolver.Resolved lr = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"d2l-gru\", \"optimizer\": {\"learningRate\": 50}}"));
        assertThat(lr.config().optimizer().type()).isEqualTo(OptimizerType.SGD);
        assertThat(lr.config().optimizer().learningRate()).isEqualTo(50.0);
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> resolver.resolve(request("""
                {"corpus": "nope", "preset": "gpt", "cell": "transformer", "layers": 0, "hiddenSize": 99999, "dropout": 1.5,
                 "batching": "zigzag", "optimizer": {"type": "lion", "learningRate": 0}, "clip": {"mode": "norm", "threshold": -1},
                 "valFraction": 0.9, "sampleLength": 0, "precision": "float16", "kernel": "cuda", "lrDecay": {"factor": 2}}
                """)))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> assertThat(e.errors())
                        .extracting(InvalidFieldsException.FieldError::field)
                        .contains("corpus", "preset", "cell", "layers", "hiddenSize", "dropout", "batching", "optimizer.type",
                                "optimizer.learningRate", "clip.threshold", "valFraction", "sampleLength", "precision", "kernel",
                                "lrDecay.factor"));
    }

    @Test
    void bidirectionalIsRefusedWithTheReason() {
        assertThatThrownBy(() -> resolver.resolve(request("{\"corpus\": \"jaychou\", \"bidirectional\": true}")))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).field()).isEqualTo("bidirectional");
                    assertThat(e.errors().get(0).message()).contains("cannot generate", "future");
                });
        assertThat(resolver.resolve(request("{\"corpus\": \"jaychou\", \"bidirectional\": false}")).config()).isNotNull();
    }

    @Test
    void crossFieldRulesAreChecked() {
        assertThatThrownBy(() -> resolver.resolve(request("{\"corpus\": \"jaychou\", \"dropout\": 0.2}")))
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> resolver.resolve(request("{\"corpus\": \"jaychou\", \"batching\": \"random\", \"randomOffset\": true}")))
                .hasMessageContaining("randomOffset");
        assertThatThrownBy(() -> resolver.resolve(request("{\"corpus\": \"jaychou\", \"batching\": \"lines\", \"joinLines\": true}")))
                .hasMessageContaining("joinLines");
        assertThatThrownBy(() -> resolver.resolve(request("{\"corpus\": \"jaychou\", \"optimizer\": {\"type\": \"adam\", \"momentum\": 0.9}}")))
                .hasMessageContaining("optimizer.momentum");
    }

    @Test
    void aCorpusTooSmallForTheBatchIsRefusedUpFront() {
        assertThatThrownBy(() -> resolver.resolve(request("{\"corpus\": \"c-tiny\"}")))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> assertThat(e.errors().get(0).message())
                        .contains("450 characters").contains("lower batchSize or seqLength"));
        assertThat(resolver.resolve(request("{\"corpus\": \"c-tiny\", \"batchSize\": 4, \"seqLength\": 16}")).config().batchSize()).isEqualTo(4);
    }

    @Test
    void everyPresetResolvesOnAnyCorpusOfSize() {
        for (String p : Presets.names()) {
            assertThat(resolver.resolve(new TrainingRequest("jaychou", p, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null)).config()).as(p).isNotNull();
        }
        assertThat(Presets.names()).containsExactly("min-char-rnn", "dinosaurs", "d2l-gru", "d2l-lstm", "d2l-deep-lstm", "d2l-rnn", "char-rnn");
        assertThat(List.of(resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"d2l-deep-lstm\"}")).config().layers())).containsExactly(2);
    }
}
