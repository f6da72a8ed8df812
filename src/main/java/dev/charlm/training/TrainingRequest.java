package dev.charlm.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A request to train a model: a corpus, an optional preset, and any engine option. Every field but
 * {@code corpus} is optional; an absent field takes the preset's value, else the default. Unknown
 * fields are refused (a misspelt option should not be ignored). The same shape, fully resolved, is
 * what {@code GET /models/{id}} reports as the model's config.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Training options; every field except corpus is optional.")
public record TrainingRequest(
        @Schema(description = "corpus id, or the name of a built-in corpus", example = "jaychou", requiredMode = Schema.RequiredMode.REQUIRED) String corpus,
        @Schema(description = "start from a preset (GET /presets); explicit fields override it", example = "d2l-gru") String preset,
        @Schema(description = "display name", example = "gru on jay chou") String name,
        @Schema(description = "rnn, gru or lstm", example = "gru") String cell,
        @Schema(description = "stacked layers", example = "1") Integer layers,
        @Schema(description = "hidden units per layer", example = "256") Integer hiddenSize,
        @Schema(description = "learned embedding width before layer 0; 0 = none (the input is the token's row of W_x)", example = "0") Integer embeddingSize,
        @Schema(description = "dropout between layers, training only; needs layers >= 2", example = "0") Double dropout,
        @Schema(description = "refused: a model that reads the future cannot generate", example = "false") Boolean bidirectional,
        @Schema(description = "normal (N(0, 0.01)), uniform (±0.08, LSTM forget bias 1), xavier, or torch (PyTorch's defaults: U(±1/√H), embedding N(0, 1))", example = "normal") String init,
        @Schema(description = "none, lowercase or letters (lower-case; every run of non-letters becomes one space)", example = "none") String preprocessing,
        @Schema(description = "line breaks become spaces (d2l's Jay Chou loader)", example = "false") Boolean joinLines,
        @Schema(description = "train on the first N characters only (0 = all)", example = "0") Integer maxChars,
        @Schema(description = "vocabulary limit including <unk> (0 = none)", example = "0") Integer maxVocab,
        @Schema(description = "characters seen fewer times become <unk>", example = "1") Integer minFrequency,
        @Schema(description = "sequential (state carried), random (random windows) or lines (one line per sequence)", example = "sequential") String batching,
        @Schema(description = "T: steps of truncated backpropagation through time", example = "64") Integer seqLength,
        @Schema(description = "B: sequences per step", example = "32") Integer batchSize,
        @Schema(description = "sequential batching: random start offset in [0, T) each epoch", example = "false") Boolean randomOffset,
        Optimizer optimizer,
        LrDecay lrDecay,
        Clip clip,
        @Schema(description = "mean (per character) or sum (over time steps, as min-char-rnn)", example = "mean") String lossReduction,
        @Schema(description = "stop after this many epochs", example = "30") Integer epochs,
        @Schema(description = "stop after this many steps (0 = no limit)", example = "0") Long maxSteps,
        @Schema(description = "stop after this much training time in seconds (0 = no limit)", example = "0") Double maxSeconds,
        @Schema(description = "contiguous tail held out for validation", example = "0.1") Double valFraction,
        @Schema(description = "validate and checkpoint every N steps (0 = every epoch)", example = "0") Integer evalEvery,
        @Schema(description = "sample from samplePrefixes every N steps (0 = never)", example = "250") Integer sampleEvery,
        @Schema(description = "prefixes of the periodic samples", example = "[\"分开\", \"不分开\"]") List<String> samplePrefixes,
        @Schema(description = "characters per periodic sample", example = "50") Integer sampleLength,
        @Schema(description = "temperature of periodic samples (0 = greedy)", example = "0") Double sampleTemperature,
        @Schema(description = "record a history point every N steps", example = "10") Integer logEvery,
        @Schema(description = "float32 or float64", example = "float32") String precision,
        @Schema(description = "seeds initialisation, data order and dropout", example = "42") Long seed,
        @Schema(description = "matrix kernel: auto, vector or ojalgo", example = "auto") String kernel) {

    /**
     * @param type         sgd, adagrad, rmsprop or adam
     * @param learningRate step size
     * @param momentum     sgd heavy-ball momentum
     * @param beta1        adam first-moment decay
     * @param beta2        adam second-moment decay
     * @param alpha        rmsprop decay of the squared-gradient average
     * @param epsilon      numerical safety term
     * @param weightDecay  L2 penalty
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Optimizer(@Schema(example = "adam") String type, @Schema(example = "0.002") Double learningRate, Double momentum,
                            Double beta1, Double beta2, Double alpha, Double epsilon, Double weightDecay) {
    }

    /**
     * @param factor     multiply the learning rate by this after each epoch (1 = none)
     * @param afterEpoch from this epoch on (char-rnn: 10)
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LrDecay(@Schema(example = "0.97") Double factor, @Schema(example = "10") Integer afterEpoch) {
    }

    /**
     * @param mode      none, value (element-wise ±threshold) or norm (global L2 norm)
     * @param threshold the bound
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Clip(@Schema(example = "norm") String mode, @Schema(example = "5") Double threshold) {
    }
}
