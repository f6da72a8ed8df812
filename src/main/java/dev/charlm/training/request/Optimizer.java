package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.training.request.OptionRules.Checked;
import dev.charlm.training.request.OptionRules.Consistent;
import dev.charlm.training.request.OptionRules.Problems;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.util.Locale;

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
@Consistent
public record Optimizer(
        @Schema(example = "adam") String type,
        @Schema(example = "0.002")
        @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and at most 1000000.0")
        @DecimalMax(value = "1e6", message = "must be > 0 and at most 1000000.0") Double learningRate,
        @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double momentum,
        @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double beta1,
        @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double beta2,
        @DecimalMin(value = "0", message = "must be in [0, 1)") @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") Double alpha,
        @DecimalMin(value = "0", inclusive = false, message = "must be > 0 and at most 1.0")
        @DecimalMax(value = "1", message = "must be > 0 and at most 1.0") Double epsilon,
        @DecimalMin(value = "0", message = "must be between 0.0 and 1.0") @DecimalMax(value = "1", message = "must be between 0.0 and 1.0") Double weightDecay)
        implements Checked {

    static Optimizer of(OptimizerConfig o) {
        return new Optimizer(o.type().toString(), o.learningRate(), o.momentum(), o.beta1(), o.beta2(), o.alpha(), o.epsilon(),
                o.weightDecay());
    }

    Optimizer over(Optimizer b) {
        if (b == null) {
            return this;
        }
        return new Optimizer(type != null ? type.toLowerCase(Locale.ROOT) : b.type, pick(learningRate, b.learningRate),
                pick(momentum, b.momentum), pick(beta1, b.beta1), pick(beta2, b.beta2), pick(alpha, b.alpha),
                pick(epsilon, b.epsilon), pick(weightDecay, b.weightDecay));
    }

    @Override
    public void check(Problems p) {
        p.choice("type", type, OptimizerType.class);
        p.require(momentum == null || momentum <= 0 || type == null || "sgd".equalsIgnoreCase(type), "momentum", "applies to sgd only");
    }
}
