package dev.charlm.training.request;

import static dev.charlm.engine.nn.ModelConfig.MAX_EMBEDDING_SIZE;
import static dev.charlm.engine.nn.ModelConfig.MAX_HIDDEN_SIZE;
import static dev.charlm.engine.nn.ModelConfig.MAX_LAYERS;
import static dev.charlm.engine.nn.ModelConfig.MIN_EMBEDDING_SIZE;
import static dev.charlm.engine.nn.ModelConfig.MIN_HIDDEN_SIZE;
import static dev.charlm.engine.nn.ModelConfig.MIN_LAYERS;
import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.InitScheme;
import dev.charlm.training.request.OptionRules.Checked;
import dev.charlm.training.request.OptionRules.Consistent;
import dev.charlm.training.request.OptionRules.Problems;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertFalse;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The network: engine/train/ModelOptions. */
@Consistent
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Model(
        @Schema(description = "rnn, gru or lstm", example = "gru") String cell,
        @Schema(description = "stacked layers", example = "1")
        @Min(value = MIN_LAYERS, message = LAYERS_RANGE) @Max(value = MAX_LAYERS, message = LAYERS_RANGE) Integer layers,
        @Schema(description = "hidden units per layer", example = "256")
        @Min(value = MIN_HIDDEN_SIZE, message = HIDDEN_RANGE) @Max(value = MAX_HIDDEN_SIZE, message = HIDDEN_RANGE) Integer hiddenSize,
        @Schema(description = "learned embedding width before layer 0; 0 = none (the input is the token's row of W_x)", example = "0")
        @Min(value = MIN_EMBEDDING_SIZE, message = EMBEDDING_RANGE) @Max(value = MAX_EMBEDDING_SIZE, message = EMBEDDING_RANGE)
        Integer embeddingSize,
        @Schema(description = "dropout between layers, training only; needs layers >= 2", example = "0")
        @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double dropout,
        @Schema(description = "refused: a model that reads the future cannot generate", example = "false")
        @AssertFalse(message = BIDIRECTIONAL_REFUSED) Boolean bidirectional,
        @Schema(description = "normal (N(0, 0.01)), uniform (±0.08, LSTM forget bias 1), xavier, or torch (PyTorch's defaults: U(±1/√H), embedding N(0, 1))", example = "normal") String init,
        @Schema(description = "float32 or float64", example = "float32") String precision) implements Checked {

    // the bounds are the engine's (ModelConfig), the messages say them
    static final String LAYERS_RANGE = "must be between " + MIN_LAYERS + " and " + MAX_LAYERS;
    static final String HIDDEN_RANGE = "must be between " + MIN_HIDDEN_SIZE + " and " + MAX_HIDDEN_SIZE;
    static final String EMBEDDING_RANGE = "must be between " + MIN_EMBEDDING_SIZE + " and " + MAX_EMBEDDING_SIZE;

    /** Why bidirectional is refused (a 400 says it on the field). */
    static final String BIDIRECTIONAL_REFUSED = "a bidirectional model cannot generate text: it reads each character's future while training, "
            + "so it learns to copy the answer it is shown; generating text one character at a time it has no future to "
            + "read and its output collapses (seed 002's bidirectional GRU prints the same character over and over). "
            + "Train a unidirectional model: remove bidirectional or set it to false";

    Model over(Model b) {
        return new Model(pick(cell, b.cell), pick(layers, b.layers), pick(hiddenSize, b.hiddenSize),
                pick(embeddingSize, b.embeddingSize), pick(dropout, b.dropout), pick(bidirectional, b.bidirectional),
                pick(init, b.init), pick(precision, b.precision));
    }

    @Override
    public void check(Problems p) {
        p.choice("cell", cell, CellType.class);
        p.choice("init", init, InitScheme.class);
        p.choice("precision", precision, Precision.class);
        p.require(dropout == null || layers == null || dropout <= 0 || layers >= 2, "dropout",
                "dropout acts between layers, so it needs layers >= 2");
    }
}
