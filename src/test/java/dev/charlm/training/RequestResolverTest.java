package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.corpus.Corpus;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.ClipMode;
import dev.charlm.engine.train.LossReduction;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.training.request.Options;
import dev.charlm.web.InvalidFieldsException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RequestResolverTest {

    static final Corpus JAYCHOU = new Corpus("jaychou", "jaychou", new Corpus.Contents(63282, 2583, 5819, 171182, "x"), Instant.EPOCH, true);
    static final Corpus TINY = new Corpus("c-tiny", "tiny", new Corpus.Contents(500, 20, 10, 500, "y"), Instant.EPOCH, false);
    final RequestResolver resolver = new RequestResolver(
            id -> Optional.ofNullable(id.equals("jaychou") ? JAYCHOU : id.equals("c-tiny") ? TINY : null), 2, 10000);
    final JsonMapper json = JsonMapper.builder().build();

    /** The JSON a value is written as, read back (so numbers compare as the wire has them). */
    JsonNode tree(Object value) {
        return json.readTree(json.writeValueAsString(value));
    }

    TrainingRequest request(String body) {
        return json.readValue(body, TrainingRequest.class);
    }

    @Test
    void aCorpusAloneTrainsTheDefaultGru() {
        RequestResolver.Resolved r = resolver.resolve(request("{\"corpus\": \"jaychou\"}"));
        assertThat(r.config().model().cell()).isEqualTo(CellType.GRU);
        assertThat(r.config().model().hiddenSize()).isEqualTo(256);
        assertThat(r.config().optimization().optimizer().type()).isEqualTo(OptimizerType.ADAM);
        assertThat(r.config().limits().epochs()).isEqualTo(30);
        assertThat(r.config().run().threads()).isEqualTo(2);
        assertThat(r.spec().name()).isEqualTo("gru on jaychou");
        assertThat(r.spec().options().model().layers()).isEqualTo(1);
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
        assertThat(r.config().optimization().optimizer().type()).isEqualTo(OptimizerType.SGD);
        assertThat(r.config().optimization().optimizer().learningRate()).isEqualTo(100.0);
        assertThat(r.config().optimization().clip().mode()).isEqualTo(ClipMode.NORM);
        assertThat(r.config().optimization().clip().threshold()).isEqualTo(0.01);
        assertThat(r.config().batching().seqLength()).isEqualTo(35);
        assertThat(r.config().text().joinLines()).isTrue();
        assertThat(r.config().text().maxChars()).isEqualTo(10000);
        assertThat(r.config().sampling().samplePrefixes()).containsExactly("分开", "不分开");
        assertThat(r.config().limits().epochs()).isEqualTo(20);
        RequestResolver.Resolved dino = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"dinosaurs\"}"));
        assertThat(dino.config().batching().mode()).isEqualTo(BatchingMode.LINES);
        assertThat(dino.config().optimization().lossReduction()).isEqualTo(LossReduction.SUM);
        assertThat(dino.config().limits().maxSteps()).isEqualTo(22000);
        RequestResolver.Resolved charRnn = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"char-rnn\"}"));
        assertThat(charRnn.config().optimization().lrDecay().factor()).isEqualTo(0.97);
        assertThat(charRnn.config().optimization().lrDecay().afterEpoch()).isEqualTo(10);
        assertThat(charRnn.config().optimization().optimizer().alpha()).isEqualTo(0.95);
    }

    @Test
    void switchingOptimizerTakesThatOptimizersSettingsNotThePresets() {
        RequestResolver.Resolved r = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"d2l-gru\", \"optimizer\": {\"type\": \"adam\"}}"));
        assertThat(r.config().optimization().optimizer().type()).isEqualTo(OptimizerType.ADAM);
        assertThat(r.config().optimization().optimizer().learningRate()).isEqualTo(2e-3);
        RequestResolver.Resolved lr = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"d2l-gru\", \"optimizer\": {\"learningRate\": 50}}"));
        assertThat(lr.config().optimization().optimizer().type()).isEqualTo(OptimizerType.SGD);
        assertThat(lr.config().optimization().optimizer().learningRate()).isEqualTo(50.0);
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
        assertThat(resolver.resolve(request("{\"corpus\": \"c-tiny\", \"batchSize\": 4, \"seqLength\": 16}")).config().batching().batchSize()).isEqualTo(4);
    }

    @Test
    void everyPresetResolvesToItsOwnOptionsOverTheDefaults() {
        assertThat(Presets.names()).containsExactly("min-char-rnn", "dinosaurs", "d2l-gru", "d2l-lstm", "d2l-deep-lstm", "d2l-rnn", "char-rnn");
        JsonNode defaults = tree(Presets.DEFAULTS);
        for (Presets.Preset p : Presets.all()) {
            RequestResolver.Resolved r = resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"" + p.name() + "\"}"));
            JsonNode resolved = tree(r.spec());
            JsonNode set = tree(p.options());
            // every option the preset sets is in the resolved spec as the preset wrote it (objects field by field) ...
            set.properties().forEach(e -> {
                if (e.getValue().isObject()) {
                    e.getValue().properties().forEach(f -> assertThat(resolved.path(e.getKey()).get(f.getKey()))
                            .as(p.name() + " " + e.getKey() + "." + f.getKey()).isEqualTo(f.getValue()));
                } else {
                    assertThat(resolved.get(e.getKey())).as(p.name() + " " + e.getKey()).isEqualTo(e.getValue());
                }
            });
            // ... every option it leaves alone is the default ...
            defaults.properties().forEach(e -> {
                if (!set.has(e.getKey()) && !e.getValue().isObject()) {
                    assertThat(resolved.get(e.getKey())).as(p.name() + " " + e.getKey()).isEqualTo(e.getValue());
                }
            });
            // ... and the engine's config says the same as the resolved spec
            assertThat(tree(Options.of(r.config()))).as(p.name())
                    .isEqualTo(tree(r.spec().options()));
        }
        assertThat(resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"d2l-deep-lstm\"}")).config().model().layers()).isEqualTo(2);
    }

    @Test
    void theWireFormatOfPresetsAndResolvedSpecsIsTodays() throws Exception {
        // written by the release before options became records: GET /presets entries and resolved specs, one a line
        List<String> today;
        try (var in = getClass().getResourceAsStream("/options/today-wire.jsonl")) {
            today = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        int i = 0;
        for (Presets.Preset p : Presets.all()) {
            assertThat(tree(PresetView.of(p))).as(p.name()).isEqualTo(json.readTree(today.get(i++)));
            JsonNode spec = tree(resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"" + p.name() + "\"}")).spec());
            assertThat(((tools.jackson.databind.node.ObjectNode) spec).remove("evalChars")).as("the new option").isNotNull();
            assertThat(((tools.jackson.databind.node.ObjectNode) spec).remove("maxTrainSeconds")).as("the new option").isNotNull();
            assertThat(spec).as(p.name()).isEqualTo(json.readTree(today.get(i++)));
        }
        JsonNode plain = tree(resolver.resolve(request("{\"corpus\": \"jaychou\"}")).spec());
        ((tools.jackson.databind.node.ObjectNode) plain).remove("evalChars");
        ((tools.jackson.databind.node.ObjectNode) plain).remove("maxTrainSeconds");
        assertThat(plain).isEqualTo(json.readTree(today.get(i++)));
        assertThat(tree(Bootstrap.FIRST_MODEL)).isEqualTo(json.readTree(today.get(i)));
        // and a request as today's clients write it reads back to the same JSON
        assertThat(tree(json.readValue(today.get(1), TrainingRequest.class))).isEqualTo(json.readTree(today.get(1)));
    }

    @Test
    void evalCharsIsResolvedValidatedAndShown() {
        RequestResolver.Resolved r = resolver.resolve(request("{\"corpus\": \"jaychou\", \"evalChars\": 5000}"));
        assertThat(r.config().validation().evalChars()).isEqualTo(5000);
        assertThat(tree(r.spec()).get("evalChars").asInt()).isEqualTo(5000);
        assertThat(resolver.resolve(request("{\"corpus\": \"jaychou\"}")).config().validation().evalChars())
                .as("the default: a fixed subset").isEqualTo(50_000);
        assertThat(resolver.resolve(request("{\"corpus\": \"jaychou\", \"evalChars\": 0}")).config().validation().evalChars())
                .as("all of the tail, when asked").isZero();
        assertThatThrownBy(() -> resolver.resolve(request("{\"corpus\": \"jaychou\", \"evalChars\": -1}")))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> assertThat(e.errors())
                        .containsExactly(new InvalidFieldsException.FieldError("evalChars", "must be >= 0 (0 = the whole held-out tail)")));
    }

    @Test
    void violationsAreNamedByTheirJsonPathWithTodaysMessages() {
        assertThatThrownBy(() -> resolver.resolve(request("""
                {"corpus": "jaychou", "hiddenSize": 0, "optimizer": {"learningRate": -1, "beta2": 1},
                 "samplePrefixes": ["a", null, "%s"], "lrDecay": {"afterEpoch": -2}, "maxVocab": 1}
                """.formatted("x".repeat(201)))))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        new InvalidFieldsException.FieldError("hiddenSize", "must be between 1 and 4096"),
                        new InvalidFieldsException.FieldError("optimizer.learningRate", "must be > 0 and at most 1000000.0"),
                        new InvalidFieldsException.FieldError("optimizer.beta2", "must be in [0, 1)"),
                        new InvalidFieldsException.FieldError("samplePrefixes[1]", "must be a string of at most 200 characters"),
                        new InvalidFieldsException.FieldError("samplePrefixes[2]", "must be a string of at most 200 characters"),
                        new InvalidFieldsException.FieldError("lrDecay.afterEpoch", "must be between 0 and 1000000"),
                        new InvalidFieldsException.FieldError("maxVocab", "must be 0 (no limit) or at least 2")));
    }

    @Test
    void dropoutNeedsTwoLayersWhereverTheLayersComeFrom() {
        assertThatThrownBy(() -> resolver.resolve(request("{\"corpus\": \"jaychou\", \"dropout\": 0.2}")))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> assertThat(e.errors()).containsExactly(
                        new InvalidFieldsException.FieldError("dropout", "dropout acts between layers, so it needs layers >= 2")));
        assertThat(resolver.resolve(request("{\"corpus\": \"jaychou\", \"preset\": \"d2l-deep-lstm\", \"dropout\": 0.2}"))
                .config().model().dropout()).isEqualTo(0.2);
    }
}
