package dev.charlm.engine.train;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import java.util.List;

/**
 * A flat, mutable copy of a {@link TrainingConfig}, one public field per option, for tests and benchmarks
 * that set a few options by name; {@link #build()} regroups them. Test code only: production code
 * changes a config through its records' {@code with...} methods.
 */
public final class FlatConfig {
    public CellType cell; public int layers; public int hiddenSize; public int embeddingSize; public double dropout;
    public InitScheme init; public Preprocessing preprocessing; public boolean joinLines; public int maxChars;
    public int maxVocab; public int minFrequency; public BatchingMode batching; public int seqLength; public int batchSize;
    public boolean randomOffset; public OptimizerConfig optimizer; public double lrDecay; public int lrDecayAfter;
    public ClipMode clip; public double clipThreshold; public LossReduction lossReduction; public int epochs;
    public long maxSteps; public double maxSeconds; public double maxTrainSeconds; public double valFraction; public int evalEvery; public int evalChars;
    public int sampleEvery; public List<String> samplePrefixes; public int sampleLength; public double sampleTemperature;
    public Precision precision; public long seed; public int threads; public String kernel; public int logEvery;

    public FlatConfig(TrainingConfig c) {
        cell = c.model().cell(); layers = c.model().layers(); hiddenSize = c.model().hiddenSize();
        embeddingSize = c.model().embeddingSize(); dropout = c.model().dropout(); init = c.model().init();
        precision = c.model().precision();
        preprocessing = c.text().preprocessing(); joinLines = c.text().joinLines(); maxChars = c.text().maxChars();
        maxVocab = c.text().maxVocab(); minFrequency = c.text().minFrequency();
        batching = c.batching().mode(); seqLength = c.batching().seqLength(); batchSize = c.batching().batchSize();
        randomOffset = c.batching().randomOffset();
        optimizer = c.optimization().optimizer(); lrDecay = c.optimization().lrDecay().factor();
        lrDecayAfter = c.optimization().lrDecay().afterEpoch(); clip = c.optimization().clip().mode();
        clipThreshold = c.optimization().clip().threshold(); lossReduction = c.optimization().lossReduction();
        epochs = c.limits().epochs(); maxSteps = c.limits().maxSteps(); maxSeconds = c.limits().maxSeconds();
        maxTrainSeconds = c.limits().maxTrainSeconds();
        valFraction = c.validation().valFraction(); evalEvery = c.validation().evalEvery(); evalChars = c.validation().evalChars();
        sampleEvery = c.sampling().sampleEvery(); samplePrefixes = c.sampling().samplePrefixes();
        sampleLength = c.sampling().sampleLength(); sampleTemperature = c.sampling().sampleTemperature();
        seed = c.run().seed(); threads = c.run().threads(); kernel = c.run().kernel(); logEvery = c.run().logEvery();
    }

    public TrainingConfig build() {
        return new TrainingConfig(
                new ModelOptions(cell, layers, hiddenSize, embeddingSize, dropout, init, precision),
                new TextOptions(preprocessing, batching == BatchingMode.LINES, joinLines, maxChars, maxVocab, minFrequency),
                new Batching(batching, seqLength, batchSize, randomOffset),
                new Optimization(optimizer, new LrDecay(lrDecay, lrDecayAfter), new Clip(clip, clipThreshold), lossReduction),
                new Limits(epochs, maxSteps, maxSeconds, maxTrainSeconds),
                new Validation(valFraction, evalEvery, evalChars),
                new PeriodicSampling(sampleEvery, samplePrefixes, sampleLength, sampleTemperature),
                new Run(seed, threads, kernel, logEvery));
    }
}
