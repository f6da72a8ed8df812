package dev.charlm.bench;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.nn.Initializer;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.text.Vocabulary;
import dev.charlm.engine.train.ModelOptions;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.export.OnnxExporter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.info.BuildProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generation speed of CharLM against ONNX Runtime (CPU) running CharLM's own ONNX export of the same
 * weights, in one JVM (run on demand, never in tests). Defaults: LSTM 1x256 over tinyshakespeare's
 * vocabulary, float32, weights drawn with the torch initialisation (the cost of a step does not depend
 * on their values).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.charlm.bench.InferenceBenchmark \
 *      [--corpus PATH] [--cell lstm] [--layers 1] [--hidden 256] [--embed 0] [--length 200]
 *      [--streams 1,64] [--temperature 0.8] [--trials 7] [--trial-seconds 1] [--threads 1,2] [--ort-threads 1,2]
 * </pre>
 * One generation is the warm-up on a 16-character prefix and then {@code --length} characters, one step
 * (one network call) per character on both sides. Each character is drawn from softmax(logits / T) with
 * the same arithmetic as CharLM's sampler (in double: max, exp, running sum, one uniform draw, seeded);
 * ONNX Runtime's logits are read from a direct buffer it writes into, and each step feeds its final
 * state back as the next initial state (pinned outputs, two sets of state buffers swapped each step:
 * no copies, no allocation per step). With {@code --streams 64} both sides advance 64 sequences per
 * call (CharLM's {@link Sampler#sampleMany}, ONNX Runtime with batch 64). Each side runs with 1 and with 2
 * threads ({@code --threads} for CharLM, which then advances the streams in that many groups, one per
 * thread, or for a single stream with 2 threads its recurrent product split by columns between two cores;
 * {@code --ort-threads} for ONNX Runtime's intra-op pool), and the summary compares each side's best.
 *
 * <p>Prints per stream count one line per engine setting and a summary, e.g.
 * {@code inference lstm-1x256 streams=1 charlm chars/s=… ort chars/s=… ort_threads=1 ratio=…}:
 * chars/s counts generated characters (prefixes excluded) over the whole wall time of the generations
 * (prefixes included), median of {@code --trials}.
 */
public final class InferenceBenchmark {

    static final String PREFIX = "First Citizen:\nB";

    public static void main(String[] args) throws Exception {
        // ONNX Runtime's native start-up overflows the launcher's 1 MB main-thread stack here (a SIGSEGV,
        // not a StackOverflowError), so the whole run goes on a thread with a larger one
        Exception[] failure = new Exception[1];
        Thread t = new Thread(null, () -> {
            try {
                run(args);
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "inference-benchmark", 64L << 20);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    static void run(String[] args) throws Exception {
        Map<String, String> a = TrainingBenchmark.parse(args);
        Path corpus = Path.of(a.getOrDefault("corpus", "../shared/data/tinyshakespeare.txt"));
        CellType cell = CellType.valueOf(a.getOrDefault("cell", "lstm").toUpperCase(Locale.ROOT));
        int layers = Integer.parseInt(a.getOrDefault("layers", "1"));
        int hidden = Integer.parseInt(a.getOrDefault("hidden", "256"));
        int embed = Integer.parseInt(a.getOrDefault("embed", "0"));
        int length = Integer.parseInt(a.getOrDefault("length", "200"));
        double temperature = Double.parseDouble(a.getOrDefault("temperature", "0.8"));
        int trials = Integer.parseInt(a.getOrDefault("trials", "7"));
        double trialSeconds = Double.parseDouble(a.getOrDefault("trial-seconds", "1"));
        int[] streamCounts = ints(a.getOrDefault("streams", "1,64"));
        int[] ortThreads = ints(a.getOrDefault("ort-threads", "1,2"));
        int[] ourThreadCounts = ints(a.getOrDefault("threads", "1,2"));

        LanguageModel model = model(Files.readString(corpus, StandardCharsets.UTF_8), cell, layers, hidden, embed);
        byte[] onnx = export(model);
        String label = cell.name().toLowerCase(Locale.ROOT) + "-" + layers + "x" + hidden;
        System.err.printf("model %s V=%d onnx=%d bytes temperature=%s length=%d%n", label, model.config().vocabSize(),
                onnx.length, temperature, length);
        for (int streams : streamCounts) {
            List<String> prefixes = Collections.nCopies(streams, PREFIX);
            SamplingOptions options = SamplingOptions.of(length, temperature, 1);
            double ours = 0;
            int ourThreads = 0;
            for (int threads : ourThreadCounts) {
                if (threads > Math.max(streams, 2)) {
                    continue;   // one thread per group of sequences, or two for one stream: more threads do nothing
                }
                Sampler sampler = new Sampler(model, Kernels.matMul("auto"), threads);
                double cps = median(trials, trialSeconds, streams * length, () -> {
                    List<SampleResult> r = sampler.sampleMany(prefixes, options);
                    if (r.get(0).text().length() != length) {
                        throw new IllegalStateException("short sample: " + r.get(0).text().length());
                    }
                });
                System.out.printf(Locale.ROOT, "inference %s streams=%d engine=charlm threads=%d chars/s=%.0f%n", label, streams, threads, cps);
                if (cps > ours) {
                    ours = cps;
                    ourThreads = threads;
                }
            }
            double best = 0;
            int bestThreads = 0;
            for (int threads : ortThreads) {
                try (OrtGenerator ort = new OrtGenerator(onnx, model, streams, threads)) {
                    double cps = median(trials, trialSeconds, streams * length, () -> ort.generate(PREFIX, length, temperature, 1));
                    System.out.printf(Locale.ROOT, "inference %s streams=%d engine=ort threads=%d chars/s=%.0f%n", label, streams, threads, cps);
                    if (cps > best) {
                        best = cps;
                        bestThreads = threads;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "inference %s streams=%d charlm_chars/s=%.0f charlm_threads=%d ort_chars/s=%.0f ort_threads=%d ratio=%.2f%n",
                    label, streams, ours, ourThreads, best, bestThreads, ours / best);
        }
    }

    /** A model of the given shape over the corpus's characters, float32, torch-initialised. */
    static LanguageModel model(String text, CellType cell, int layers, int hidden, int embed) {
        Map<Integer, Long> freq = new HashMap<>();
        text.codePoints().forEach(cp -> freq.merge(cp, 1L, Long::sum));
        Vocabulary vocab = Vocabulary.build(freq, 0, 1);
        ModelConfig c = new ModelConfig(cell, layers, hidden, embed, vocab.size(), 0);
        Parameters p = Parameters.zeros(c, Precision.FLOAT32);
        Initializer.initialize(p, InitScheme.TORCH, new Rng(7));
        return new LanguageModel(c, TextOptions.DEFAULT, vocab, p);
    }

    static byte[] export(LanguageModel model) throws Exception {
        ModelConfig c = model.config();
        TrainingConfig config = TrainingConfig.defaults().withModel(new ModelOptions(c.cell(), c.layers(), c.hiddenSize(),
                c.embeddingSize(), c.dropout(), InitScheme.TORCH, Precision.FLOAT32));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new OnnxExporter(JsonMapper.builder().build(), new StaticListableBeanFactory().getBeanProvider(BuildProperties.class))
                .write(model, config, out);
        return out.toByteArray();
    }

    interface Work {
        void run() throws Exception;
    }

    /** Median chars/s over {@code trials} timed trials of about {@code seconds} each, after two untimed ones. */
    static double median(int trials, double seconds, int charsPerRun, Work work) throws Exception {
        double[] rates = new double[trials];
        long budget = (long) (seconds * 1e9);
        for (int trial = -2; trial < trials; trial++) {
            long t0 = System.nanoTime();
            long runs = 0;
            long elapsed;
            do {
                work.run();
                runs++;
                elapsed = System.nanoTime() - t0;
            } while (elapsed < budget);
            if (trial >= 0) {
                rates[trial] = runs * charsPerRun / (elapsed / 1e9);
            }
        }
        Arrays.sort(rates);
        return rates[trials / 2];
    }

    static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
