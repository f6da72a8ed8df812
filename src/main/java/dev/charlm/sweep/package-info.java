/**
 * Hyper-parameter sweeps: a grid of option values over a base request, one model per combination, trained
 * through {@link dev.charlm.training.TrainingJobs} like any other model, and ranked by best validation
 * perplexity. A sweep's record ({@link SweepRecord}) names its runs; their live state is the models' own
 * ({@link dev.charlm.training.JobRegistry}). Storage is behind {@link SweepStore}, files under the data
 * directory in embedded mode ({@link FileSweepStore}).
 */
package dev.charlm.sweep;
