package dev.charlm.export;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.text.Vocabulary;
import dev.charlm.engine.train.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/** Small models with random weights, and their exports, for the format's tests. */
final class Models {

    /** "<unk>" is the last token, as CharLM's vocabulary puts it. */
    static final String CHARS = "abcdefgh \n分开";

    private Models() {
    }

    static Vocabulary vocabulary() {
        int[] cps = CHARS.codePoints().toArray();
        int[] withUnk = java.util.Arrays.copyOf(cps, cps.length + 1);
        withUnk[cps.length] = Vocabulary.UNK;
        return new Vocabulary(withUnk, new long[withUnk.length]);
    }

    static LanguageModel random(CellType cell, int layers, int embedding, Precision precision, long seed) {
        return random(cell, layers, 6, embedding, precision, TextOptions.DEFAULT, seed);
    }

    static LanguageModel random(CellType cell, int layers, int hidden, int embedding, Precision precision, TextOptions text, long seed) {
        Vocabulary v = vocabulary();
        ModelConfig c = new ModelConfig(cell, layers, hidden, embedding, v.size(), 0);
        Parameters p = Parameters.zeros(c, precision);
        Random r = new Random(seed);
        for (int i = 0; i < p.size(); i++) {
            p.storage().set(i, r.nextGaussian() * 0.6);
        }
        return new LanguageModel(c, text, v, p);
    }

    static byte[] export(LanguageModel m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new SafetensorsExporter().write(m, TrainingConfig.defaults(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static SafetensorsImport.Imported importBytes(byte[] file) {
        try {
            return SafetensorsImport.read(SafetensorsReader.Source.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
