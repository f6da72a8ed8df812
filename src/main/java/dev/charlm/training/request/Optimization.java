package dev.charlm.training.request;

import static dev.charlm.training.request.Options.pick;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charlm.engine.train.ClipMode;
import dev.charlm.engine.train.LossReduction;
import dev.charlm.engine.train.OptimizerConfig;
import dev.charlm.engine.train.OptimizerType;
import dev.charlm.training.request.OptionRules.Checked;
import dev.charlm.training.request.OptionRules.Consistent;
import dev.charlm.training.request.OptionRules.Problems;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;

/** Optimizer, schedule, clipping and loss: engine/train/Optimization. */
@Consistent
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Optimization(@Valid Optimizer optimizer, @Valid LrDecay lrDecay, @Valid Clip clip,
                           @Schema(description = "mean (per character) or sum (over time steps, as min-char-rnn)", example = "mean") String lossReduction)
        implements Checked {

    Optimization over(Optimization b) {
        Optimizer base = b.optimizer;
        // a request that switches optimizer takes that optimizer's usual settings, not the preset's
        if (optimizer != null && optimizer.type() != null && base != null && !optimizer.type().equalsIgnoreCase(base.type())) {
            OptimizerType type = OptionRules.parse(optimizer.type(), OptimizerType.class);
            base = type == null ? base : Optimizer.of(OptimizerConfig.usual(type));
        }
        return new Optimization(optimizer == null ? base : optimizer.over(base), lrDecay == null ? b.lrDecay : lrDecay.over(b.lrDecay),
                clip == null ? b.clip : clip.over(b.clip), pick(lossReduction, b.lossReduction));
    }

    dev.charlm.engine.train.Optimization toConfig() {
        Optimizer o = optimizer;
        return new dev.charlm.engine.train.Optimization(
                new OptimizerConfig(OptionRules.parse(o.type(), OptimizerType.class), o.learningRate(), o.momentum(), o.beta1(), o.beta2(),
                        o.alpha(), o.epsilon(), o.weightDecay()),
                new dev.charlm.engine.train.LrDecay(lrDecay.factor(), lrDecay.afterEpoch()),
                new dev.charlm.engine.train.Clip(OptionRules.parse(clip.mode(), ClipMode.class), clip.threshold()),
                OptionRules.parse(lossReduction, LossReduction.class));
    }

    @Override
    public void check(Problems p) {
        p.choice("lossReduction", lossReduction, LossReduction.class);
    }
}
