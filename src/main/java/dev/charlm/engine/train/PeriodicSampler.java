package dev.charlm.engine.train;

import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.text.UnknownCharactersException;
import java.util.List;

/**
 * Every {@code every} steps, samples a continuation of each prefix from the weights being trained and
 * hands it to the listener, so a user sees what the model has learnt. The seed depends on the step,
 * so a resumed run samples the same text.
 */
final class PeriodicSampler {

    private final LanguageModel model;
    private final MatMul mm;
    private final List<String> prefixes;
    private final int every;
    private final int length;
    private final double temperature;
    private final long seed;

    /**
     * @param model the live weights (read between steps only)
     * @throws IllegalArgumentException when a prefix holds characters outside the vocabulary
     */
    PeriodicSampler(LanguageModel model, MatMul mm, List<String> prefixes, int every, int length, double temperature,
                    long seed) {
        for (int i = 0; i < prefixes.size(); i++) {
            try {
                model.encode(prefixes.get(i));
            } catch (UnknownCharactersException e) {
                throw new IllegalArgumentException("samplePrefixes[" + i + "]: " + e.getMessage(), e);
            }
        }
        this.model = model;
        this.mm = mm;
        this.prefixes = List.copyOf(prefixes);
        this.every = every;
        this.length = length;
        this.temperature = temperature;
        this.seed = seed;
    }

    /** Samples after step {@code step} when it is one of every {@code every}th. */
    void afterStep(long step, double epoch, TrainingListener listener) {
        if (every <= 0 || step % every != 0 || prefixes.isEmpty()) {
            return;
        }
        // a fresh model view each time: LanguageModel packs its weights once, and these weights move
        Sampler sampler = new Sampler(new LanguageModel(model.config(), model.text(), model.vocabulary(), model.weights()), mm);
        SamplingOptions o = new SamplingOptions(length, temperature, 0, 1, seed + step, List.of());
        for (String prefix : prefixes) {
            String text = sampler.sample(prefix, o).text();
            listener.onSample(new TrainingListener.PeriodicSample(step, epoch, prefix, text));
        }
    }
}
