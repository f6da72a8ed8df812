package dev.charlm.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charlm.engine.train.TrainingListener;

/**
 * The latest progress of a job, as {@code GET /models/{id}} and the event stream show it. Losses are
 * nats per character; perplexity is exp(loss); bits per character is loss / ln 2.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressView(long step, double epoch, int epochs, Double trainLoss, Double trainPerplexity, Double smoothedLoss,
                           Double smoothedPerplexity, Double bitsPerChar, Double validationLoss, Double validationPerplexity,
                           Double bestValidationLoss, Double bestValidationPerplexity, Double charsPerSecond, Double learningRate,
                           Double gradientNorm, double elapsedSeconds, Double etaSeconds, double progress) {

    static ProgressView initial(int epochs) {
        return new ProgressView(0, 0, epochs, null, null, null, null, null, null, null, null, null, null, null, null, 0, null, 0);
    }

    static ProgressView of(TrainingListener.Progress p, int epochs) {
        var t = p.train();
        Double best = p.validation().best();
        return new ProgressView(p.step(), p.epoch(), epochs, t.loss(), t.perplexity(), t.smoothedLoss(), t.smoothedPerplexity(),
                t.bitsPerChar(), p.validation().latest(), p.validation().latestPerplexity(), best, best == null ? null : Math.exp(best),
                p.pace().charsPerSecond(), p.figures().learningRate(), p.figures().gradientNorm(), p.pace().elapsedSeconds(),
                p.pace().etaSeconds(), p.pace().progress());
    }

    ProgressView withValidation(Double validation, Double best) {
        return new ProgressView(step, epoch, epochs, trainLoss, trainPerplexity, smoothedLoss, smoothedPerplexity, bitsPerChar,
                validation, validation == null ? null : Math.exp(validation), best, best == null ? null : Math.exp(best),
                charsPerSecond, learningRate, gradientNorm, elapsedSeconds, etaSeconds, progress);
    }

    ProgressView finished() {
        return new ProgressView(step, epoch, epochs, trainLoss, trainPerplexity, smoothedLoss, smoothedPerplexity, bitsPerChar,
                validationLoss, validationPerplexity, bestValidationLoss, bestValidationPerplexity, charsPerSecond, learningRate,
                gradientNorm, elapsedSeconds, 0.0, progress);
    }
}
