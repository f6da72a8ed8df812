package dev.charlm.engine.train;

/**
 * The learning rate of each epoch, as char-rnn decays it: {@code base} until epoch {@code decayAfter},
 * then multiplied by {@code decay} after every completed epoch.
 *
 * @param base       the optimizer's learning rate
 * @param decay      factor per epoch once decay starts; 1 = constant
 * @param decayAfter completed epochs before the first decay (values below 1 count as 1)
 */
public record LrSchedule(double base, double decay, int decayAfter) {

    /** The rate after {@code completedEpochs} whole epochs. */
    public double at(int completedEpochs) {
        if (decay == 1) {
            return base;
        }
        int after = Math.max(1, decayAfter);
        int decays = Math.max(0, completedEpochs - after + 1);
        return base * Math.pow(decay, decays);
    }
}
