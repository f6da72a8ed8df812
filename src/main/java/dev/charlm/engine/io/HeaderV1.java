package dev.charlm.engine.io;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.text.Vocabulary;
import dev.charlm.engine.train.TrainingState;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a version-1 model file, member for member what the first release wrote (then the
 * Jackson form of the engine's records): this DTO, not the engine records, fixes the file, so an engine
 * record can change without changing the format. Groups marked {@code @JsonUnwrapped} are written
 * inline, in this order, so the JSON stays the flat object of {@code docs/MODEL_FILE.md}.
 *
 * @param model    the network's shape ({@code model})
 * @param state    the run's counters ({@code state})
 * @param tensors  the tensors that follow the header, in file order
 * @param metadata the caller's key/value pairs
 */
record HeaderV1(@JsonUnwrapped Stamp stamp, ConfigV1 config, ShapeV1 model, @JsonUnwrapped VocabularyV1 vocabulary,
                StateV1 state, long optimizerSteps, List<TensorV1> tensors, Map<String, String> metadata) {

    /** {@code formatVersion}, {@code createdAt} (ISO-8601) and the {@code precision} of every tensor. */
    record Stamp(int formatVersion, String createdAt, Precision precision) {
    }

    /** {@code vocabularyCodePoints[i]} is token i's code point (-1 for unknown), {@code vocabularyCounts[i]} its count. */
    record VocabularyV1(int[] vocabularyCodePoints, long[] vocabularyCounts) {

        static VocabularyV1 of(Vocabulary v) {
            return new VocabularyV1(v.codePoints(), v.counts());
        }
    }

    /** A tensor in the file: {@code rows × cols} values. */
    record TensorV1(String name, int rows, int cols) {
    }

    /** The {@code model} member: the network's shape. */
    record ShapeV1(CellType cell, int layers, int hiddenSize, int embeddingSize, int vocabSize, double dropout) {

        static ShapeV1 of(ModelConfig m) {
            return new ShapeV1(m.cell(), m.layers(), m.hiddenSize(), m.embeddingSize(), m.vocabSize(), m.dropout());
        }

        /** @throws IllegalArgumentException when the shape is not one a network can have */
        ModelConfig toModel() {
            return new ModelConfig(cell, layers, hiddenSize, embeddingSize, vocabSize, dropout);
        }
    }

    /**
     * The {@code state} member: one flat object of the run's counters (meanings at {@link TrainingState}),
     * grouped here as the engine groups them.
     */
    record StateV1(@JsonUnwrapped PositionV1 position, @JsonUnwrapped TotalsV1 totals, @JsonUnwrapped LossV1 loss,
                   @JsonUnwrapped EpochSumsV1 epochSums, @JsonUnwrapped ValidationV1 validation) {

        record PositionV1(long step, int epoch, int window) {
        }

        record TotalsV1(double trainSeconds, double elapsedSeconds, long trainedChars) {
        }

        record LossV1(double firstLoss, double smoothedLoss) {
        }

        record EpochSumsV1(double epochNats, long epochChars, double epochSeconds) {
        }

        record ValidationV1(double bestValidationLoss, long bestStep, double lastValidationLoss) {
        }

        static StateV1 of(TrainingState s) {
            TrainingState.Totals t = s.totals();
            TrainingState.EpochSums e = s.epochSums();
            TrainingState.Validations v = s.validations();
            return new StateV1(new PositionV1(s.step(), s.epoch(), s.window()),
                    new TotalsV1(t.trainSeconds(), t.elapsedSeconds(), t.trainedChars()),
                    new LossV1(s.loss().first(), s.loss().smoothed()),
                    new EpochSumsV1(e.nats(), e.chars(), e.seconds()),
                    new ValidationV1(v.best(), v.bestStep(), v.last()));
        }

        /** Null when a group is missing, which the reader reports as a header that lacks a field. */
        TrainingState toState() {
            if (position == null || totals == null || loss == null || epochSums == null || validation == null) {
                return null;
            }
            return new TrainingState(position.step(), position.epoch(), position.window(),
                    new TrainingState.Totals(totals.trainSeconds(), totals.elapsedSeconds(), totals.trainedChars()),
                    new TrainingState.Loss(loss.firstLoss(), loss.smoothedLoss()),
                    new TrainingState.EpochSums(epochSums.epochNats(), epochSums.epochChars(), epochSums.epochSeconds()),
                    new TrainingState.Validations(validation.bestValidationLoss(), validation.bestStep(),
                            validation.lastValidationLoss()));
        }
    }
}
