package dev.charlm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.Scorer;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.golden.GoldenFiles;
import dev.charlm.golden.GoldenFiles.Expected;
import dev.charlm.golden.GoldenFiles.Golden;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model files written by format version 1 (committed under src/test/resources/golden/ by
 * {@link GoldenFiles}) still read, and the model in each gives, bit for bit, the logits, seeded samples
 * and score that the engine gave when the file was written. Nothing is recomputed from training here:
 * the file is the input, so a change to reading, the cells, the kernels' arithmetic, the sampler or the
 * scorer that moves a single bit fails.
 *
 * <p>No tolerance anywhere: float32 logits are compared as exact values (0 ulp), because the kernels are
 * deterministic by design (one fixed sequence of operations per element whatever the SIMD width or
 * thread count, see VectorMatMul and FastMath) and the reference-fixture, determinism and resume tests
 * already depend on that. The expectations were computed with the {@code vector} kernel that the build
 * selects ({@code --add-modules jdk.incubator.vector}); expected.json records it.
 */
class GoldenModelFileTest {

    static final Golden GOLDEN = load();

    static Golden load() {
        try {
            return GoldenFiles.JSON.readValue(Files.readAllBytes(golden("expected.json")), Golden.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path golden(String name) {
        try {
            return Path.of(GoldenModelFileTest.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource golden/" + name, e);
        }
    }

    static Stream<Expected> models() {
        assertThat(GOLDEN.models()).as("golden models").hasSizeGreaterThanOrEqualTo(2);
        return GOLDEN.models().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void theCommittedFileIsAVersionOneFileAndReadsWithItsShape(Expected e) throws IOException {
        byte[] bytes = Files.readAllBytes(golden(e.file()));
        assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("CLM");
        assertThat(ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).as("format version").isEqualTo(1);
        Checkpoint cp = ModelFile.read(golden(e.file()));
        assertThat(cp.model().cell().name()).isEqualTo(e.cell());
        assertThat(cp.model().layers()).isEqualTo(e.layers());
        assertThat(cp.model().hiddenSize()).isEqualTo(e.hiddenSize());
        assertThat(cp.model().vocabSize()).isEqualTo(e.vocabSize());
        assertThat(cp.weights().precision().name()).isEqualTo(e.precision());
        assertThat(cp.state().step()).isEqualTo(e.step());
        assertThat(cp.metadata()).containsEntry("model", "golden-" + e.file());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void theLogitsAfterAFixedInputAreBitIdentical(Expected e) throws IOException {
        assertThat(Kernels.matMul("auto").name()).as("the kernel the expectations were computed with").isEqualTo(GOLDEN.kernel());
        LanguageModel m = ModelFile.read(golden(e.file())).servingModel();
        List<double[]> logits = GoldenFiles.logits(m, e.logitsInput());
        assertThat(logits).hasSameSizeAs(e.logits());
        for (int t = 0; t < logits.size(); t++) {
            // exact: a float32 logit widened to double is compared as that exact value
            assertThat(logits.get(t)).as("logits after token %d of %s", t, e.logitsInput()).containsExactly(e.logits().get(t));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void seededSamplesAreTheSameText(Expected e) throws IOException {
        Sampler sampler = new Sampler(ModelFile.read(golden(e.file())).servingModel());
        assertThat(e.samples()).hasSizeGreaterThanOrEqualTo(3);
        for (GoldenFiles.Sample s : e.samples()) {
            SampleResult r = sampler.sample(s.prefix(), s.options());
            assertThat(r.text()).as("sample %s", s).isEqualTo(s.text());
            assertThat(r.finishReason().name()).isEqualTo(s.finishReason());
            assertThat(r.seed()).isEqualTo(s.seed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void theScoreOfAFixedTextIsBitIdentical(Expected e) throws IOException {
        Scorer.Score s = new Scorer(ModelFile.read(golden(e.file())).servingModel()).score(e.score().text());
        assertThat(s.chars()).isEqualTo(e.score().chars());
        assertThat(s.nll()).isEqualTo(e.score().nll());
        assertThat(s.bitsPerChar()).isEqualTo(e.score().bitsPerChar());
        assertThat(s.perplexity()).isEqualTo(e.score().perplexity());
    }
}
