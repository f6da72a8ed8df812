package dev.charlm.engine.train;

import dev.charlm.engine.kernel.Storage;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.Vocabulary;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to serve a model and to resume its training exactly: the config, the vocabulary,
 * the current and best-validation weights, optimizer moments, counters and the recurrent state carried
 * into the next window. A checkpoint handed to a listener is a view of the live run; {@link
 * dev.charlm.engine.io.ModelFile} writes it, and reading a file gives an independent one.
 *
 * @param metadata free key/value pairs of the caller (the service keeps its job id and corpus there)
 */
public record Checkpoint(TrainingConfig config, ModelConfig model, Vocabulary vocabulary, Parameters weights,
                         Parameters best, long optimizerSteps, Map<String, Storage> optimizerMoments, TrainingState state,
                         List<Tensor> carriedHidden, List<Tensor> carriedCell, Map<String, String> metadata) {

    public Checkpoint {
        // sorted, not Map.copyOf: its iteration order changes from one JVM to the next, and the model
        // file writes the moments in this order, so two identical runs wrote different bytes
        optimizerMoments = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(optimizerMoments));
        carriedHidden = List.copyOf(carriedHidden);
        carriedCell = List.copyOf(carriedCell);
        metadata = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metadata));
    }

    /** The model to serve: the best-validation weights (the latest when there is no validation). */
    public LanguageModel servingModel() {
        return new LanguageModel(model, config.text(), vocabulary, best);
    }

    /** The same, on a private copy of the weights: safe to keep while training goes on. */
    public LanguageModel servingModelCopy() {
        return new LanguageModel(model, config.text(), vocabulary, best.copy());
    }

    /** The weights being trained, as a model (copied). */
    public LanguageModel currentModelCopy() {
        return new LanguageModel(model, config.text(), vocabulary, weights.copy());
    }

    public Checkpoint withConfig(TrainingConfig newConfig) {
        return new Checkpoint(newConfig, model, vocabulary, weights, best, optimizerSteps, optimizerMoments, state,
                carriedHidden, carriedCell, metadata);
    }
}
