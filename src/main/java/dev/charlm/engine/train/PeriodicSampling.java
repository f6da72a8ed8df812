package dev.charlm.engine.train;

import java.util.List;

/**
 * Samples generated while training, to watch the model learn.
 *
 * @param sampleEvery       generate from every prefix every this many steps (0 = never)
 * @param samplePrefixes    prefixes of the periodic samples
 * @param sampleLength      characters per periodic sample
 * @param sampleTemperature temperature of periodic samples (0 = greedy, as d2l's predict)
 */
public record PeriodicSampling(int sampleEvery, List<String> samplePrefixes, int sampleLength, double sampleTemperature) {

    public PeriodicSampling {
        samplePrefixes = samplePrefixes == null ? List.of() : List.copyOf(samplePrefixes);
    }

    public PeriodicSampling withSampleEvery(int every) {
        return new PeriodicSampling(every, samplePrefixes, sampleLength, sampleTemperature);
    }

    public PeriodicSampling withPrefixes(List<String> prefixes) {
        return new PeriodicSampling(sampleEvery, prefixes, sampleLength, sampleTemperature);
    }
}
