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
 * @param optimizer the optimizer's step count and moments
 * @param carried   the recurrent state carried into the next window
 * @param metadata  free key/value pairs of the caller (the service keeps its job id and corpus there)
 */
public record Checkpoint(TrainingConfig config, ModelConfig model, Vocabulary vocabulary, Parameters weights,
                         Parameters best, OptimizerState optimizer, TrainingState state, CarriedState carried,
                         Map<String, String> metadata) {

    public Checkpoint {
        metadata = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metadata));
    }

    /**
     * @param steps   updates the optimizer has made (Adam's bias correction needs them)
     * @param moments its per-parameter moments by name, each in the layout of the weights
     */
    public record OptimizerState(long steps, Map<String, Storage> moments) {

        public OptimizerState {
            // sorted, not Map.copyOf: its iteration order changes from one JVM to the next, and the model
            // file writes the moments in this order, so two identical runs wrote different bytes
            moments = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(moments));
        }
    }

    /**
     * @param hidden per layer, the hidden state (B × H) carried into the next window
     * @param cell   per layer, the LSTM cell state (B × H); empty for the other cells
     */
    public record CarriedState(List<Tensor> hidden, List<Tensor> cell) {

        public CarriedState {
            hidden = List.copyOf(hidden);
            cell = List.copyOf(cell);
        }
    }

    // the accessors of the flat record this was, which the readers of a checkpoint (and its tests) use

    /** The hidden states carried, as {@code carried().hidden()}. */
    public List<Tensor> carriedHidden() {
        return carried.hidden();
    }

    /** The LSTM cell states carried, as {@code carried().cell()}. */
    public List<Tensor> carriedCell() {
        return carried.cell();
    }

    /** The optimizer's step count, as {@code optimizer().steps()}. */
    public long optimizerSteps() {
        return optimizer.steps();
    }

    /** The optimizer's moments, as {@code optimizer().moments()}. */
    public Map<String, Storage> optimizerMoments() {
        return optimizer.moments();
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
        return new Checkpoint(newConfig, model, vocabulary, weights, best, optimizer, state, carried, metadata);
    }
}
