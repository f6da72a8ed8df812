package dev.charlm.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.charlm.engine.train.TrainingListener;

/**
 * The latest progress of a job, as {@code GET /models/{id}}, the event stream and {@code job.json} show
 * it. Losses are nats per character; perplexity is exp(loss); bits per character is loss / ln 2. The
 * groups are unwrapped, so the JSON is one flat object, as it always was; a figure not known yet is
 * left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressView(@JsonUnwrapped Position position, @JsonUnwrapped Training training,
                           @JsonUnwrapped Validation validation, @JsonUnwrapped Rates rates, @JsonUnwrapped Time time) {

    /** Where the run is: windows trained, fractional epochs trained, and the epochs it runs for. */
    public record Position(long step, double epoch, int epochs) {
    }

    /** The latest training window's loss, and its moving average. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Training(Double trainLoss, Double trainPerplexity, Double smoothedLoss, Double smoothedPerplexity,
                           Double bitsPerChar) {
        static final Training NONE = new Training(null, null, null, null, null);
    }

    /** The latest validation and the best so far; null before the first, or without validation data. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validation(Double validationLoss, Double validationPerplexity, Double bestValidationLoss,
                             Double bestValidationPerplexity) {
        static final Validation NONE = new Validation(null, null, null, null);

        static Validation of(Double validation, Double best) {
            return new Validation(validation, exp(validation), best, exp(best));
        }
    }

    /** The latest step's throughput (characters per second of training time), learning rate and gradient norm. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rates(Double charsPerSecond, Double learningRate, Double gradientNorm) {
        static final Rates NONE = new Rates(null, null, null);
    }

    /** Training time so far, the estimate of what is left, and the fraction of the run done. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Time(double elapsedSeconds, Double etaSeconds, double progress) {
    }

    static ProgressView initial(int epochs) {
        return new ProgressView(new Position(0, 0, epochs), Training.NONE, Validation.NONE, Rates.NONE, new Time(0, null, 0));
    }

    static ProgressView of(TrainingListener.Progress p, int epochs) {
        var t = p.train();
        Double best = p.validation().best();
        return new ProgressView(new Position(p.step(), p.epoch(), epochs),
                new Training(t.loss(), t.perplexity(), t.smoothedLoss(), t.smoothedPerplexity(), t.bitsPerChar()),
                new Validation(p.validation().latest(), p.validation().latestPerplexity(), best, best == null ? null : Math.exp(best)),
                new Rates(p.pace().charsPerSecond(), p.figures().learningRate(), p.figures().gradientNorm()),
                new Time(p.pace().elapsedSeconds(), p.pace().etaSeconds(), p.pace().progress()));
    }

    ProgressView withValidation(Double validation, Double best) {
        return new ProgressView(position, training, Validation.of(validation, best), rates, time);
    }

    ProgressView finished() {
        return new ProgressView(position, training, validation, rates, new Time(time.elapsedSeconds(), 0.0, time.progress()));
    }

    /** The same figures at the step of the checkpoint on disk (what a restored job resumes from). */
    ProgressView atStep(long step) {
        return new ProgressView(new Position(step, position.epoch(), position.epochs()), training, validation, rates, time);
    }

    /** Queued again to run for {@code epochs}: nothing of the new run is done, and its time left is unknown. */
    ProgressView resumed(int epochs) {
        return new ProgressView(new Position(position.step(), position.epoch(), epochs), training, validation, rates,
                new Time(time.elapsedSeconds(), null, 0));
    }

    private static Double exp(Double loss) {
        return loss == null ? null : Math.exp(loss);
    }
}
