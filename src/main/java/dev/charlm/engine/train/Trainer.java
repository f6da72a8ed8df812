package dev.charlm.engine.train;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.kernel.Storage;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.Initializer;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Network;
import dev.charlm.engine.nn.PackedWeights;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.nn.Workspace;
import dev.charlm.engine.text.EncodedCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Trains a model on an encoded corpus by truncated backpropagation through time: windows from a
 * {@link BatchPlan}, forward/backward split over threads by sequences, clipping, an optimizer step,
 * the state carried to the next window. Validates, checkpoints, samples and reports between steps.
 * Stops at the first of epochs, maxSteps, maxSeconds (wall time, the closing validation included) and
 * maxTrainSeconds (training time), on cancellation (checked between steps) or on divergence (a NaN/Inf
 * loss, or a smoothed loss above 3× the first).
 *
 * <p>The data comes cut by a {@link DataSplit}, the learning rate from an {@link LrSchedule}, the
 * periodic samples from a {@link PeriodicSampler}, when to stop and how far the run is from its
 * {@link Budget}; this class reads the {@link TrainingConfig} and hands each the values it needs.
 */
public final class Trainer implements AutoCloseable {

    /** Purpose code for the initial weights in {@link Rng#derive}. */
    private static final long INIT_STREAM = 0x494E4954L;
    private static final double DIVERGENCE_FACTOR = 3;

    private final TrainingConfig config;
    private final EncodedCorpus corpus;
    private final ModelConfig model;
    private final Network network;
    private final Parameters weights;
    private final Parameters grads;
    /** The weights packed for the kernel; refreshed after every optimizer step. */
    private final PackedWeights packed;
    private Parameters best;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final Budget budget;
    private final BatchPlan plan;
    private final Evaluator evaluator;
    private final PeriodicSampler sampler;
    private final Workspace ws;
    private final Parallel par;
    private final int parts;
    private final boolean[] reset;
    private final double[] mask;
    private final Map<String, String> metadata;
    private TrainingState state;
    /** Mean loss and training time of the current epoch, as of the last step (for the epoch report). */
    private double epochMean;
    private double epochSeconds;
    /** Wall time of the last validation and checkpoint: what the closing one is expected to take. */
    private double evaluationSeconds;

    private Trainer(TrainingConfig config, EncodedCorpus corpus, Map<String, String> metadata) {
        this.config = config;
        this.corpus = corpus;
        this.metadata = metadata;
        this.model = config.model().shape(corpus.vocabulary().size());
        this.network = new Network(model, Kernels.matMul(config.run().kernel()), Kernels.pointwise(config.model().precision()));
        this.weights = Parameters.zeros(model, config.model().precision());
        this.grads = weights.zerosLike();
        this.packed = PackedWeights.forTraining(weights);
        this.optimizer = Optimizer.create(config.optimization().optimizer(), weights);
        this.schedule = new LrSchedule(config.optimization().optimizer().learningRate(), config.optimization().lrDecay().factor(), config.optimization().lrDecay().afterEpoch());
        this.budget = new Budget(config.limits());
        DataSplit split = DataSplit.of(corpus, config.batching(), config.validation(), config.run().seed());
        this.plan = split.train();
        BatchPlan validation = split.validation();
        this.evaluator = validation == null ? null
                : new Evaluator(network, validation,
                new Workspace(model, config.model().precision(), validation.batch(), validation.steps(), false));
        this.ws = new Workspace(model, config.model().precision(), plan.batch(), plan.steps(), true);
        this.par = new Parallel(Math.min(config.run().effectiveThreads(), plan.batch()));
        this.parts = par.threads();
        this.reset = new boolean[plan.batch()];
        this.mask = new double[plan.batch() * plan.steps()];
        this.sampler = new PeriodicSampler(new LanguageModel(model, config.text(), corpus.vocabulary(), weights),
                network.matMul(), config.sampling().samplePrefixes(), config.sampling().sampleEvery(), config.sampling().sampleLength(),
                config.sampling().sampleTemperature(), config.run().seed());
    }

    /** A new run from initial weights. */
    public static Trainer start(TrainingConfig config, EncodedCorpus corpus, Map<String, String> metadata) {
        if (!config.text().equals(corpus.options())) {
            throw new IllegalArgumentException("the corpus was encoded with other text options than the config's");
        }
        Trainer t = new Trainer(config, corpus, metadata);
        Initializer.initialize(t.weights, config.model().init(), Rng.derive(config.run().seed(), INIT_STREAM, 0));
        t.best = t.evaluator == null ? t.weights : t.weights.copy();
        t.packed.refresh();
        t.state = TrainingState.start();
        return t;
    }

    /**
     * Continues from a checkpoint (whose config may carry new limits) on the same corpus, encoded with
     * the checkpoint's vocabulary. Continuing gives the same bits as never having stopped.
     */
    public static Trainer resume(Checkpoint cp, EncodedCorpus corpus) {
        if (!corpus.vocabulary().equals(cp.vocabulary())) {
            throw new IllegalArgumentException("the corpus has another vocabulary than the checkpoint");
        }
        Trainer t = new Trainer(cp.config(), corpus, cp.metadata());
        if (!t.model.equals(cp.model())) {
            throw new IllegalArgumentException("the checkpoint's model shape does not match its config");
        }
        t.weights.copyFrom(cp.weights());
        if (t.evaluator == null) {
            t.best = t.weights;
        } else {
            t.best = cp.best().copy();
        }
        t.optimizer.restore(cp.optimizerSteps(), cp.optimizerMoments());
        for (int l = 0; l < t.model.layers(); l++) {
            t.ws.initialHidden(l).copyFrom(cp.carried().hidden().get(l));
            if (t.ws.initialCell(l) != null) {
                t.ws.initialCell(l).copyFrom(cp.carried().cell().get(l));
            }
        }
        t.packed.refresh();
        t.state = cp.state();
        return t;
    }

    public ModelConfig modelConfig() {
        return model;
    }

    public TrainingConfig config() {
        return config;
    }

    public TrainingState state() {
        return state;
    }

    /** Windows in the current epoch. */
    public int windowsPerEpoch() {
        return plan.windows(state.epoch());
    }

    /** Runs until a limit, cancellation or divergence; reports to the listener on this thread. */
    public Outcome run(TrainingListener listener, BooleanSupplier cancelled) {
        long wallStart = System.nanoTime();
        double wallBefore = state.totals().elapsedSeconds();
        int every = config.validation().evalEvery();
        while (true) {
            String limit = budget.reached(state, evaluationSeconds);
            if (limit != null) {
                evaluate(listener, wallBefore, wallStart);
                return new Outcome(Outcome.Status.COMPLETED, limit, state);
            }
            if (cancelled.getAsBoolean()) {
                listener.onEvaluation(evaluationReport(false, wall(wallBefore, wallStart)), checkpoint());
                return new Outcome(Outcome.Status.CANCELLED, "cancelled at step " + state.step(), state);
            }
            long t0 = System.nanoTime();
            Network.LossSum sum = step();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double loss = sum.nats() / sum.count();
            if (!Double.isFinite(loss)) {
                return new Outcome(Outcome.Status.FAILED, "training diverged: the loss became " + loss + " at step " + (state.step() + 1)
                        + "; lower the learning rate or clip the gradients", state);
            }
            // the smoothed loss, not the step's own: one small batch can spike for a step or two and recover
            // (min-char-rnn's first Adagrad steps move every weight by the full learning rate)
            double smoothed = state.smoothedLossCorrectedWith(loss);
            if (state.step() > 0 && smoothed > DIVERGENCE_FACTOR * state.loss().first()) {
                return new Outcome(Outcome.Status.FAILED, String.format(java.util.Locale.ROOT,
                        "training diverged: the smoothed loss %.4f at step %d is more than %.0f× the first loss %.4f; "
                                + "lower the learning rate or clip the gradients",
                        smoothed, state.step() + 1, DIVERGENCE_FACTOR, state.loss().first()), state);
            }
            double norm = Clipping.norm(grads);
            Clipping.clip(grads, config.optimization().clip().mode(), config.optimization().clip().threshold(), norm);
            double lr = learningRate(state.epoch());
            optimizer.step(weights, grads, lr, par);
            packed.refresh();
            network.carryState(ws);
            advance(sum, loss, seconds, wallBefore, wallStart);
            int windows = plan.windows(state.epoch());
            listener.onProgress(progress(loss, norm, lr, sum.count()));
            if (state.window() >= windows) {
                state = state.nextEpoch();
                TrainingState done = state;
                listener.onEpoch(new TrainingListener.EpochEnd(done.epoch(), done.step(), epochMean, Math.exp(epochMean),
                        epochSeconds, done.totals().trainSeconds()));
                if (every == 0 && budget.reached(state) == null) {
                    evaluate(listener, wallBefore, wallStart);
                }
            }
            if (every > 0 && state.step() % every == 0 && budget.reached(state) == null) {
                evaluate(listener, wallBefore, wallStart);
            }
            sampler.afterStep(state.step(), fractionalEpoch(), listener);
        }
    }

    /** One window: forward, loss, backward on every part of the batch; then the weight gradients. */
    private Network.LossSum step() {
        plan.fill(state.epoch(), state.window(), ws.inputs, ws.targets, mask, reset);
        long count = 0;
        int sequences = 0;
        int T = plan.steps();
        for (int b = 0; b < plan.batch(); b++) {
            boolean any = false;
            for (int t = 0; t < T; t++) {
                if (mask[b * T + t] > 0) {
                    count++;
                    any = true;
                }
            }
            sequences += any ? 1 : 0;
        }
        double weight = config.optimization().lossReduction() == LossReduction.MEAN ? 1.0 / count : 1.0 / sequences;
        for (int r = 0; r < mask.length; r++) {
            ws.weights[r] = mask[r] * weight;
        }
        network.resetRows(ws, reset);
        Network.Dropout dropout = new Network.Dropout(config.model().dropout(), config.run().seed(), state.step());
        par.run(parts, part -> {
            int b0 = Parallel.start(plan.batch(), parts, part);
            int b1 = Parallel.start(plan.batch(), parts, part + 1);
            network.forward(packed, ws, b0, b1, dropout);
            network.loss(ws, b0, b1);
            network.backward(packed, ws, b0, b1, dropout);
        });
        grads.zero();
        par.run(parts, part -> network.weightGradients(ws, grads, part, parts));
        return network.lossSum(ws);
    }

    private void advance(Network.LossSum sum, double loss, double seconds, double wallBefore, long wallStart) {
        TrainingState s = state;
        long step = s.step() + 1;
        double first = step == 1 ? loss : s.loss().first();
        double smoothed = s.smoothedLossWith(loss);
        double epochNats = s.epochSums().nats() + sum.nats();
        long epochChars = s.epochSums().chars() + sum.count();
        epochMean = epochNats / epochChars;
        epochSeconds = s.epochSums().seconds() + seconds;
        TrainingState.Totals totals = s.totals();
        state = new TrainingState(step, s.epoch(), s.window() + 1,
                new TrainingState.Totals(totals.trainSeconds() + seconds, wall(wallBefore, wallStart), totals.trainedChars() + sum.count()),
                new TrainingState.Loss(first, smoothed), new TrainingState.EpochSums(epochNats, epochChars, epochSeconds),
                s.validations());
    }

    private static double wall(double before, long start) {
        return before + (System.nanoTime() - start) / 1e9;
    }

    /** The learning rate after {@code completedEpochs} epochs (see {@link LrSchedule}). */
    double learningRate(int completedEpochs) {
        return schedule.at(completedEpochs);
    }

    private TrainingListener.Progress progress(double loss, double norm, double lr, long predictions) {
        double smoothed = state.smoothedLossCorrected();
        double p = budget.done(state, plan.windows(state.epoch()));
        Double eta = Budget.etaSeconds(state, p);
        TrainingState.Totals totals = state.totals();
        return new TrainingListener.Progress(state.step(), fractionalEpoch(),
                new TrainingListener.TrainLoss(loss, smoothed, Math.exp(loss), Math.exp(smoothed)),
                new TrainingListener.ValidationLosses(nanToNull(state.validations().last()), nanToNull(state.bestValidationLoss())),
                new TrainingListener.StepFigures(norm, lr, predictions),
                new TrainingListener.Pace(totals.trainedChars() / Math.max(totals.trainSeconds(), 1e-9), totals.elapsedSeconds(), p, eta));
    }

    private double fractionalEpoch() {
        return state.epoch() + (double) state.window() / plan.windows(state.epoch());
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private void evaluate(TrainingListener listener, double wallBefore, long wallStart) {
        long t0 = System.nanoTime();
        boolean improved = false;
        if (evaluator != null) {
            Network.LossSum s = evaluator.evaluate(packed, par);
            double val = s.nats() / s.count();
            double bestSoFar = state.bestValidationLoss();
            improved = Double.isNaN(bestSoFar) || val < bestSoFar;
            if (improved) {
                best.copyFrom(weights);
            }
            long bestStep = improved ? state.step() : state.validations().bestStep();
            state = state.withElapsed(wall(wallBefore, wallStart))
                    .withValidations(new TrainingState.Validations(improved ? val : bestSoFar, bestStep, val));
        }
        listener.onEvaluation(evaluationReport(improved, wall(wallBefore, wallStart)), checkpoint());
        evaluationSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private TrainingListener.Evaluation evaluationReport(boolean improved, double elapsed) {
        Double val = nanToNull(state.validations().last());
        return new TrainingListener.Evaluation(state.step(), fractionalEpoch(), val, val == null ? null : Math.exp(val),
                nanToNull(state.bestValidationLoss()), improved, elapsed);
    }

    /** The current run as a checkpoint (a view: valid until the next step). */
    public Checkpoint checkpoint() {
        List<Tensor> hidden = new ArrayList<>();
        List<Tensor> cell = new ArrayList<>();
        for (int l = 0; l < model.layers(); l++) {
            hidden.add(ws.initialHidden(l));
            if (ws.initialCell(l) != null) {
                cell.add(ws.initialCell(l));
            }
        }
        Map<String, Storage> moments = optimizer.moments();
        return new Checkpoint(config, model, corpus.vocabulary(), weights, best, new Checkpoint.OptimizerState(optimizer.steps(), moments),
                state, new Checkpoint.CarriedState(hidden, cell), metadata);
    }

    @Override
    public void close() {
        par.close();
    }
}
