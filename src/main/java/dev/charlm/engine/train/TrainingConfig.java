package dev.charlm.engine.train;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import java.util.List;

/**
 * Everything that decides a training run. The same config, seed and corpus give bit-identical losses
 * and weights (for the same thread count and kernel).
 *
 * @param cell             rnn, gru or lstm
 * @param layers           stacked layers (>= 1)
 * @param hiddenSize       units per layer
 * @param embeddingSize    learned embedding width before layer 0 (0 = the input is the row of W_x of the token)
 * @param dropout          between layers, training only
 * @param init             normal, uniform, xavier or torch
 * @param preprocessing    none, lowercase or letters
 * @param joinLines        line breaks become spaces before training (d2l's Jay Chou loader)
 * @param maxChars         train on the first maxChars characters after preprocessing (0 = all)
 * @param maxVocab         vocabulary limit including {@code <unk>} (0 = none)
 * @param minFrequency     rarer characters become {@code <unk>}
 * @param batching         sequential, random or lines
 * @param seqLength        T, the truncated-BPTT window (in lines mode, the longest piece of a line per window)
 * @param batchSize        B, sequences per window
 * @param randomOffset     sequential batching: start each epoch at a random offset in [0, T) (seed 004)
 * @param optimizer        optimizer and its settings
 * @param lrDecay          multiply the learning rate by this factor after each epoch from {@code lrDecayAfter} on (1 = none)
 * @param lrDecayAfter     first epoch (counted from 1) after which the decay applies (char-rnn: 10)
 * @param clip             clipping mode
 * @param clipThreshold    clipping threshold (> 0 unless mode is none)
 * @param lossReduction    mean, or sum over time steps (min-char-rnn, dinosaurs)
 * @param epochs           stop after this many epochs
 * @param maxSteps         stop after this many windows (0 = no limit)
 * @param maxSeconds       stop after this much training time (0 = no limit)
 * @param valFraction      contiguous tail of the corpus (of its lines in lines mode) held out for validation
 * @param evalEvery        validate and checkpoint every this many steps (0 = at the end of every epoch)
 * @param sampleEvery      generate from every sample prefix every this many steps (0 = never)
 * @param samplePrefixes   prefixes of the periodic samples
 * @param sampleLength     characters per periodic sample
 * @param sampleTemperature temperature of periodic samples (0 = greedy, as d2l's predict)
 * @param precision        float32 (default) or float64
 * @param seed             seeds initialisation, data order and dropout
 * @param threads          threads for one training step (0 = every available core)
 * @param kernel           matrix kernel: auto, vector or ojalgo
 */
public record TrainingConfig(
        CellType cell, int layers, int hiddenSize, int embeddingSize, double dropout, InitScheme init,
        Preprocessing preprocessing, boolean joinLines, int maxChars, int maxVocab, int minFrequency,
        BatchingMode batching, int seqLength, int batchSize, boolean randomOffset,
        OptimizerConfig optimizer, double lrDecay, int lrDecayAfter, ClipMode clip, double clipThreshold,
        LossReduction lossReduction,
        int epochs, long maxSteps, double maxSeconds,
        double valFraction, int evalEvery, int sampleEvery, List<String> samplePrefixes, int sampleLength,
        double sampleTemperature,
        Precision precision, long seed, int threads, String kernel) {

    public TrainingConfig {
        samplePrefixes = samplePrefixes == null ? List.of() : List.copyOf(samplePrefixes);
        kernel = kernel == null ? "auto" : kernel;
        List<String> problems = validate(cell, layers, hiddenSize, embeddingSize, dropout, init, preprocessing, maxChars,
                maxVocab, minFrequency, batching, seqLength, batchSize, optimizer, lrDecay, lrDecayAfter, clip, clipThreshold,
                lossReduction, epochs, maxSteps, maxSeconds, valFraction, evalEvery, sampleEvery, sampleLength,
                sampleTemperature, precision, threads, kernel, joinLines);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static List<String> validate(CellType cell, int layers, int hiddenSize, int embeddingSize, double dropout,
                                         InitScheme init, Preprocessing preprocessing, int maxChars, int maxVocab,
                                         int minFrequency, BatchingMode batching, int seqLength, int batchSize,
                                         OptimizerConfig optimizer, double lrDecay, int lrDecayAfter, ClipMode clip,
                                         double clipThreshold, LossReduction lossReduction, int epochs, long maxSteps,
                                         double maxSeconds, double valFraction, int evalEvery, int sampleEvery,
                                         int sampleLength, double sampleTemperature, Precision precision, int threads,
                                         String kernel, boolean joinLines) {
        List<String> p = new java.util.ArrayList<>();
        if (cell == null) p.add("cell is required");
        if (init == null) p.add("init is required");
        if (preprocessing == null) p.add("preprocessing is required");
        if (batching == null) p.add("batching is required");
        if (optimizer == null) p.add("optimizer is required");
        if (clip == null) p.add("clip mode is required");
        if (lossReduction == null) p.add("lossReduction is required");
        if (precision == null) p.add("precision is required");
        if (layers < 1) p.add("layers must be >= 1");
        if (hiddenSize < 1) p.add("hiddenSize must be >= 1");
        if (embeddingSize < 0) p.add("embeddingSize must be >= 0");
        if (!(dropout >= 0 && dropout < 1)) p.add("dropout must be in [0, 1)");
        if (dropout > 0 && layers < 2) p.add("dropout acts between layers, so it needs layers >= 2");
        if (maxChars < 0) p.add("maxChars must be >= 0");
        if (maxVocab < 0 || maxVocab == 1) p.add("maxVocab must be 0 (no limit) or >= 2");
        if (minFrequency < 1) p.add("minFrequency must be >= 1");
        if (seqLength < 1) p.add("seqLength must be >= 1");
        if (batchSize < 1) p.add("batchSize must be >= 1");
        if (!(lrDecay > 0 && lrDecay <= 1)) p.add("lrDecay must be in (0, 1]");
        if (lrDecayAfter < 0) p.add("lrDecayAfter must be >= 0");
        if (clip != null && clip != ClipMode.NONE && !(clipThreshold > 0)) p.add("clipThreshold must be > 0 when clipping");
        if (epochs < 1) p.add("epochs must be >= 1");
        if (maxSteps < 0) p.add("maxSteps must be >= 0");
        if (!(maxSeconds >= 0)) p.add("maxSeconds must be >= 0");
        if (!(valFraction >= 0 && valFraction < 1)) p.add("valFraction must be in [0, 1)");
        if (evalEvery < 0) p.add("evalEvery must be >= 0");
        if (sampleEvery < 0) p.add("sampleEvery must be >= 0");
        if (sampleLength < 1) p.add("sampleLength must be >= 1");
        if (!(sampleTemperature >= 0) || Double.isInfinite(sampleTemperature)) p.add("sampleTemperature must be >= 0");
        if (threads < 0) p.add("threads must be >= 0");
        if (!List.of("auto", "vector", "ojalgo").contains(kernel)) p.add("kernel must be auto, vector or ojalgo");
        if (joinLines && batching == BatchingMode.LINES) p.add("joinLines removes the line breaks that lines batching trains on");
        return p;
    }

    /** The text options this config implies (line mode comes with lines batching). */
    public TextOptions textOptions() {
        return new TextOptions(preprocessing, batching == BatchingMode.LINES, joinLines, maxChars, maxVocab, minFrequency);
    }

    /** Threads one step uses: {@code threads}, or every available core when 0. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** A small GRU with Adam: trains a useful model on a few hundred KB in minutes. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(CellType.GRU, 1, 256, 0, 0, InitScheme.NORMAL,
                Preprocessing.NONE, false, 0, 0, 1,
                BatchingMode.SEQUENTIAL, 64, 32, false,
                OptimizerConfig.of(OptimizerType.ADAM, 2e-3), 1, 0, ClipMode.NORM, 5, LossReduction.MEAN,
                10, 0, 0, 0.1, 0, 0, List.of(), 100, 1, Precision.FLOAT32, 42, 0, "auto");
    }

    /** Builder-style copies, for tests and presets. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a config; {@link #build()} validates. */
    public static final class Builder {
        public CellType cell; public int layers; public int hiddenSize; public int embeddingSize; public double dropout;
        public InitScheme init; public Preprocessing preprocessing; public boolean joinLines; public int maxChars;
        public int maxVocab; public int minFrequency; public BatchingMode batching; public int seqLength; public int batchSize;
        public boolean randomOffset; public OptimizerConfig optimizer; public double lrDecay; public int lrDecayAfter;
        public ClipMode clip; public double clipThreshold; public LossReduction lossReduction; public int epochs;
        public long maxSteps; public double maxSeconds; public double valFraction; public int evalEvery; public int sampleEvery;
        public List<String> samplePrefixes; public int sampleLength; public double sampleTemperature; public Precision precision;
        public long seed; public int threads; public String kernel;

        Builder(TrainingConfig c) {
            cell = c.cell; layers = c.layers; hiddenSize = c.hiddenSize; embeddingSize = c.embeddingSize; dropout = c.dropout;
            init = c.init; preprocessing = c.preprocessing; joinLines = c.joinLines; maxChars = c.maxChars; maxVocab = c.maxVocab;
            minFrequency = c.minFrequency; batching = c.batching; seqLength = c.seqLength; batchSize = c.batchSize;
            randomOffset = c.randomOffset; optimizer = c.optimizer; lrDecay = c.lrDecay; lrDecayAfter = c.lrDecayAfter;
            clip = c.clip; clipThreshold = c.clipThreshold; lossReduction = c.lossReduction; epochs = c.epochs;
            maxSteps = c.maxSteps; maxSeconds = c.maxSeconds; valFraction = c.valFraction; evalEvery = c.evalEvery;
            sampleEvery = c.sampleEvery; samplePrefixes = c.samplePrefixes; sampleLength = c.sampleLength;
            sampleTemperature = c.sampleTemperature; precision = c.precision; seed = c.seed; threads = c.threads; kernel = c.kernel;
        }

        public TrainingConfig build() {
            return new TrainingConfig(cell, layers, hiddenSize, embeddingSize, dropout, init, preprocessing, joinLines, maxChars,
                    maxVocab, minFrequency, batching, seqLength, batchSize, randomOffset, optimizer, lrDecay, lrDecayAfter,
                    clip, clipThreshold, lossReduction, epochs, maxSteps, maxSeconds, valFraction, evalEvery, sampleEvery,
                    samplePrefixes, sampleLength, sampleTemperature, precision, seed, threads, kernel);
        }
    }
}
