package dev.charlm.golden;

import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.nn.Workspace;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.sample.Scorer;
import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.engine.train.Trainer;
import dev.charlm.engine.train.FlatConfig;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the golden version-1 model files under src/test/resources/golden/ and, beside them,
 * {@code expected.json}: what today's engine computes from each file (logits after a fixed input,
 * seeded samples, a score). {@code GoldenModelFileTest} reads the committed files and demands the same
 * numbers, so a change of the model file, the cells, the sampler or the scorer that alters a single bit
 * shows up. Re-run only when such a change is intended, and say so in the commit:
 * <pre>
 *   ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *       dev.charlm.golden.GoldenFiles src/test/resources/golden
 * </pre>
 */
public final class GoldenFiles {

    /** Lower-case English; the vocabulary is capped at {@link #MAX_VOCAB}, so rarer characters become {@code <unk>}. */
    static final String TEXT = ("the time traveller (for so it will be convenient to speak of him) was expounding a recondite "
            + "matter to us. his grey eyes shone and twinkled, and his usually pale face was flushed and animated. ").repeat(6);
    static final int MAX_VOCAB = 12;

    /** Fed one token at a time from the zero state; the logits of every step are pinned. */
    public static final String LOGITS_INPUT = "the time tr";
    /** Scored with the state carried from a zero start (contains characters that are {@code <unk>}). */
    public static final String SCORE_TEXT = "the traveller was expounding a matter to us";

    /** A seeded sample and its options. */
    public record Sample(String prefix, int length, double temperature, int topK, double topP, long seed, String text,
                         String finishReason) {

        public SamplingOptions options() {
            return new SamplingOptions(length, temperature, topK, topP, seed, List.of());
        }
    }

    /** A score of {@link #SCORE_TEXT}. */
    public record Score(String text, long chars, double nll, double bitsPerChar, double perplexity) {
    }

    /** What one golden file must give. */
    public record Expected(String file, String cell, String precision, int layers, int hiddenSize, int vocabSize, long step,
                           String logitsInput, List<double[]> logits, List<Sample> samples, Score score) {
    }

    /** The contents of expected.json. */
    public record Golden(String generatedBy, String kernel, List<Expected> models) {
    }

    public static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The sampling options pinned for every model (prefix, length, temperature, topK, topP, seed). */
    static final List<Sample> SAMPLES = List.of(
            new Sample("the ", 40, 0.8, 0, 1.0, 1234L, null, null),
            new Sample("tr", 30, 1.3, 5, 0.9, 7L, null, null),
            new Sample("a", 25, 0.0, 0, 1.0, 0L, null, null));

    private GoldenFiles() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/golden");
        Files.createDirectories(dir);
        List<Expected> models = new ArrayList<>();
        models.add(write(dir, "gru-float32.clm", config(CellType.GRU, 1, 8, Precision.FLOAT32,
                OptimizerConfig.of(OptimizerType.ADAM, 2e-2), 0.1)));
        models.add(write(dir, "lstm-float64.clm", config(CellType.LSTM, 1, 6, Precision.FLOAT64,
                OptimizerConfig.of(OptimizerType.RMSPROP, 1e-2), 0)));
        Golden golden = new Golden(GoldenFiles.class.getName(), Kernels.matMul("auto").name(), models);
        Files.write(dir.resolve("expected.json"), JSON.writeValueAsBytes(golden));
        System.out.println("wrote " + models.size() + " golden model files and expected.json to " + dir.toAbsolutePath());
    }

    static TrainingConfig config(CellType cell, int layers, int hidden, Precision precision, OptimizerConfig optimizer,
                                 double valFraction) {
        FlatConfig b = new FlatConfig(TrainingConfig.defaults());
        b.cell = cell;
        b.layers = layers;
        b.hiddenSize = hidden;
        b.precision = precision;
        b.optimizer = optimizer;
        b.maxVocab = MAX_VOCAB;
        b.seqLength = 16;
        b.batchSize = 4;
        b.maxSteps = 40;
        b.evalEvery = 10;
        b.valFraction = valFraction;
        b.sampleEvery = 0;
        b.threads = 1;
        b.seed = 20261202L;
        return b.build();
    }

    static Expected write(Path dir, String name, TrainingConfig c) throws IOException {
        EncodedCorpus corpus = EncodedCorpus.encode(TEXT.getBytes(StandardCharsets.UTF_8), c.text());
        AtomicReference<Checkpoint> last = new AtomicReference<>();
        try (Trainer t = Trainer.start(c, corpus, Map.of("model", "golden-" + name, "corpus", "golden"))) {
            t.run(new TrainingListener() {
                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    last.set(ModelFile.fromBytes(ModelFile.toBytes(checkpoint)));   // a copy: the live one changes
                }
            }, () -> false);
        }
        Path file = dir.resolve(name);
        ModelFile.write(file, last.get());
        return expected(name, ModelFile.read(file));   // what a reader of the file sees
    }

    static Expected expected(String name, Checkpoint cp) {
        LanguageModel m = cp.servingModel();
        Sampler sampler = new Sampler(m);
        List<Sample> samples = new ArrayList<>();
        for (Sample s : SAMPLES) {
            SampleResult r = sampler.sample(s.prefix(), s.options());
            samples.add(new Sample(s.prefix(), s.length(), s.temperature(), s.topK(), s.topP(), s.seed(), r.text(),
                    r.finishReason().name()));
        }
        Scorer.Score sc = new Scorer(m).score(SCORE_TEXT);
        return new Expected(name, m.config().cell().name(), m.weights().precision().name(), m.config().layers(),
                m.config().hiddenSize(), m.config().vocabSize(), cp.state().step(), LOGITS_INPUT, logits(m, LOGITS_INPUT),
                samples, new Score(SCORE_TEXT, sc.chars(), sc.nll(), sc.bitsPerChar(), sc.perplexity()));
    }

    /**
     * The logits after each token of {@code input}, fed one at a time from the zero state with the state
     * carried, as the sampler feeds a prefix (same kernel choice). Row t is the distribution over token t + 1.
     */
    public static List<double[]> logits(LanguageModel m, String input) {
        Network net = new Network(m.config(), Kernels.matMul("auto"), Kernels.pointwise(m.weights().precision()));
        Workspace ws = new Workspace(m.config(), m.weights().precision(), 1, 1, false);
        List<double[]> out = new ArrayList<>();
        for (int id : m.encode(input)) {
            ws.inputs[0] = id;
            net.forward(m.packed(), ws, 0, 1, Network.Dropout.NONE);
            net.carryState(ws);
            double[] row = new double[ws.logits().size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = ws.logits().get(i);
            }
            out.add(row);
        }
        return out;
    }
}
