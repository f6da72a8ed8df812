package dev.charlm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.engine.train.Trainer;
import dev.charlm.engine.train.FlatConfig;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingListener;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    static Checkpoint checkpoint;

    @BeforeAll
    static void trainABit() {
        FlatConfig b = new FlatConfig(TrainingConfig.defaults());
        b.hiddenSize = 16;
        b.seqLength = 10;
        b.batchSize = 3;
        b.maxSteps = 8;
        b.valFraction = 0.2;
        b.optimizer = OptimizerConfig.of(OptimizerType.ADAM, 1e-2);
        TrainingConfig c = b.build();
        String text = "分开 不分开 我想要你的微笑 ".repeat(30);
        EncodedCorpus corpus = EncodedCorpus.encode(text.getBytes(StandardCharsets.UTF_8), c.text());
        AtomicReference<Checkpoint> cp = new AtomicReference<>();
        try (Trainer t = Trainer.start(c, corpus, Map.of("job", "m-1"))) {
            t.run(new TrainingListener() {
                @Override
                public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
                    cp.set(ModelFile.fromBytes(ModelFile.toBytes(checkpoint)));
                }
            }, () -> false);
        }
        checkpoint = cp.get();
    }

    @Test
    void roundTripsEverythingAndGivesTheSameSeededSamples(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.clm");
        ModelFile.write(file, checkpoint);
        Checkpoint back = ModelFile.read(file);
        assertThat(back.config()).isEqualTo(checkpoint.config());
        assertThat(back.model()).isEqualTo(checkpoint.model());
        assertThat(back.vocabulary()).isEqualTo(checkpoint.vocabulary());
        assertThat(back.state()).isEqualTo(checkpoint.state());
        assertThat(back.metadata()).containsEntry("job", "m-1");
        assertThat(back.optimizerMoments().keySet()).containsExactlyInAnyOrder("firstMoment", "secondMoment");
        assertThat(back.weights().storage().size()).isEqualTo(checkpoint.weights().size());
        for (int i = 0; i < back.weights().size(); i++) {
            assertThat(back.weights().storage().get(i)).isEqualTo(checkpoint.weights().storage().get(i));
        }
        SamplingOptions o = SamplingOptions.of(40, 0.8, 1234);
        assertThat(new Sampler(back.servingModel()).sample("分", o))
                .isEqualTo(new Sampler(checkpoint.servingModel()).sample("分", o));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);   // no temporary file left behind
        }
    }

    @Test
    void aTruncatedFileIsRefusedWithThePreciseReason(@TempDir Path dir) throws Exception {
        byte[] bytes = ModelFile.toBytes(checkpoint);
        Path file = dir.resolve("cut.clm");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessageContaining("cut.clm").hasMessageContaining("truncated")
                .hasMessageContaining("expected " + bytes.length + " bytes");
        assertThatThrownBy(() -> ModelFile.fromBytes(Arrays.copyOf(bytes, 30)))
                .isInstanceOf(InvalidModelFileException.class).hasMessageContaining("truncated");
    }

    @Test
    void aCorruptedByteFailsTheChecksum() {
        byte[] bytes = ModelFile.toBytes(checkpoint);
        bytes[bytes.length - 50] ^= 0x10;
        assertThatThrownBy(() -> ModelFile.fromBytes(bytes))
                .isInstanceOf(InvalidModelFileException.class).hasMessageContaining("checksum mismatch");
    }

    @Test
    void otherFilesAndVersionsAreNamedAsSuch() {
        assertThatThrownBy(() -> ModelFile.fromBytes("hello, world".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a CharLM model file");
        byte[] bytes = ModelFile.toBytes(checkpoint);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7);
        assertThatThrownBy(() -> ModelFile.fromBytes(bytes))
                .hasMessageContaining("format version 7").hasMessageContaining("upgrade CharLM");
    }

    @Test
    void shapesThatDoNotMatchTheHeaderAreRefused() {
        byte[] bytes = ModelFile.toBytes(checkpoint);
        // change the hidden size in the JSON header and fix the checksum: the tensors no longer fit
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        String patched = s.replace("\"hiddenSize\":16,\"embeddingSize\"", "\"hiddenSize\":17,\"embeddingSize\"");
        assertThat(patched).isNotEqualTo(s);
        byte[] p = patched.getBytes(StandardCharsets.ISO_8859_1);
        CRC32C crc = new CRC32C();
        crc.update(p, 0, p.length - 4);
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(p.length - 4, (int) crc.getValue());
        assertThatThrownBy(() -> ModelFile.fromBytes(p))
                .isInstanceOf(InvalidModelFileException.class).hasMessageContaining("tensor weights has");
    }

    @Test
    void aMissingFileSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelFile.read(dir.resolve("nope.clm")))
                .isInstanceOf(InvalidModelFileException.class).hasMessageContaining("no such model file");
    }
}
