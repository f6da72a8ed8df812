package dev.charlm.training;

/** Published when a model appears (submitted or restored) or disappears, for the metrics. */
public sealed interface JobEvent {

    TrainingJob job();

    record Registered(TrainingJob job) implements JobEvent {
    }

    record Removed(TrainingJob job) implements JobEvent {
    }
}
