package dev.charlm.engine.train;

/**
 * How a run executes and reports (the losses are bit-identical for the same seed, thread count and kernel).
 *
 * @param seed     seeds initialisation, data order and dropout
 * @param threads  threads for one training step (0 = every available core)
 * @param kernel   matrix kernel: auto, vector or ojalgo
 * @param logEvery the service records a history point every this many steps
 */
public record Run(long seed, int threads, String kernel, int logEvery) {

    public Run {
        kernel = kernel == null ? "auto" : kernel;
    }

    public Run withSeed(long s) {
        return new Run(s, threads, kernel, logEvery);
    }

    public Run withThreads(int t) {
        return new Run(seed, t, kernel, logEvery);
    }

    /** Threads one step uses: {@code threads}, or every available core when 0. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
