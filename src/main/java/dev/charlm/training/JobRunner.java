package dev.charlm.training;

import dev.charlm.corpus.CorpusService;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.Outcome;
import dev.charlm.engine.train.Trainer;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingListener;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Runs one job on a training thread: encodes its corpus, starts or resumes the engine's trainer, and
 * turns the trainer's reports into the job's progress, history, checkpoints and events.
 */
@Component
class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** Progress events are sent at most this often per job. */
    private static final long EVENT_INTERVAL_NANOS = 250_000_000L;

    private final CorpusService corpora;
    private final JobRepository records;
    private final CheckpointStore checkpoints;

    JobRunner(CorpusService corpora, JobRepository records, CheckpointStore checkpoints) {
        this.corpora = corpora;
        this.records = records;
        this.checkpoints = checkpoints;
    }

    /** Runs the job to its end; {@code stopping} tells a cancellation caused by shutdown from a user's. */
    void run(TrainingJob job, java.util.function.BooleanSupplier stopping) {
        if (!job.tryTransition(JobStatus.RUNNING, null)) {
            return;   // cancelled while queued
        }
        try {
            records.save(job);
        } catch (LeaseLostException e) {
            lost(job, e);
            return;
        }
        job.publish("status", ModelView.of(job));
        LOG.info("Training {} ({}) started", job.id(), job.name());
        try {
            EncodedCorpus.Source text = corpora.text(job.corpus());
            TrainingConfig config = job.config();
            Trainer trainer;
            Optional<StoredCheckpoint> stored = job.resume() ? checkpoints.read(job.id()) : Optional.empty();
            if (stored.isPresent()) {
                Checkpoint cp = stored.get().checkpoint();
                EncodedCorpus corpus = EncodedCorpus.encode(text, cp.config().text(), cp.vocabulary());
                job.history().truncateAfter(cp.state().step());
                trainer = Trainer.resume(cp.withConfig(TrainingJobs.continuing(cp, config)), corpus);
            } else {
                EncodedCorpus corpus = EncodedCorpus.encode(text, config.text());
                trainer = Trainer.start(config, corpus, Map.of("model", job.id(), "corpus", job.corpus()));
            }
            try (trainer) {
                job.modelInfo(trainer.modelConfig().vocabSize(), Parameters.count(trainer.modelConfig()));
                Outcome outcome = trainer.run(new Reporter(job, config), job::cancelRequested);
                finish(job, outcome, stopping.getAsBoolean());
            }
        } catch (LeaseLostException e) {
            lost(job, e);
        } catch (IllegalArgumentException | CheckpointWriteException e) {
            fail(job, e.getMessage());
        } catch (ErrorResponseException e) {   // a domain failure, e.g. the corpus was deleted while the job was queued
            fail(job, e.getBody().getDetail());
        } catch (RuntimeException | Error e) {
            LOG.error("Training {} failed", job.id(), e);
            fail(job, "internal error; the server log has the details");   // no exception text: it may name paths
        } finally {
            job.serving(null);   // finished models are served from their file (see LoadedModels)
            if (!job.leaseLost()) {   // else the job is another replica's now: its record is that one's to write
                saveEnd(job);
            }
        }
    }

    private void saveEnd(TrainingJob job) {
        try {
            records.save(job);
        } catch (UncheckedIOException e) {   // a full disk: the record on disk stays the last one saved
            LOG.warn("Training {}: its record cannot be saved ({}); it ends {} in this process only", job.id(),
                    e.getCause().getMessage(), job.status());
        } catch (LeaseLostException e) {
            lost(job, e);
            return;
        }
        job.publish("end", ModelView.of(job));
    }

    private void finish(TrainingJob job, Outcome outcome, boolean shuttingDown) {
        job.progress(job.progress().finished());
        switch (outcome.status()) {
            case COMPLETED -> job.transition(JobStatus.COMPLETED, outcome.reason());
            case FAILED -> job.transition(JobStatus.FAILED, outcome.reason());
            case CANCELLED -> {
                if (shuttingDown) {
                    job.transition(JobStatus.INTERRUPTED, "the service stopped at step " + outcome.state().step() + "; resume to continue");
                } else {
                    job.transition(JobStatus.CANCELLED, outcome.reason());
                }
            }
        }
        LOG.info("Training {} ended: {} ({})", job.id(), job.status(), job.reason());
    }

    /** Cluster mode: another replica took the job over while this one was presumed dead; this run stops here. */
    private void lost(TrainingJob job, LeaseLostException e) {
        job.loseLease();
        job.requestCancel();
        LOG.warn("Training {} stops on this replica: {}", job.id(), e.getMessage());
    }

    private void fail(TrainingJob job, String reason) {
        if (!job.tryTransition(JobStatus.FAILED, reason)) {
            job.tryTransition(JobStatus.CANCELLED, reason);
        }
        LOG.warn("Training {} failed: {}", job.id(), reason);
    }

    /** The trainer's listener: updates the job, logs history, saves checkpoints, sends events. */
    private final class Reporter implements TrainingListener {
        private final TrainingJob job;
        private final int logEvery;
        private final int epochs;
        private long lastEvent;

        Reporter(TrainingJob job, TrainingConfig config) {
            this.job = job;
            this.logEvery = job.spec().options().run().logEvery();
            this.epochs = config.limits().epochs();
        }

        @Override
        public void onProgress(Progress p) {
            ProgressView view = ProgressView.of(p, epochs);
            job.progress(view);
            if (p.step() % logEvery == 0) {
                History.Point point = new History.Point(p.step(), p.epoch(),
                        new History.Point.Loss(p.loss(), p.train().perplexity(), p.smoothedLoss()),
                        new History.Point.Update(p.figures().learningRate(), p.figures().gradientNorm()),
                        new History.Point.Pace(p.pace().charsPerSecond(), p.pace().elapsedSeconds()), p.figures().predictions());
                job.history().add(point);
                job.publish("point", point);   // every one, unthrottled: a live chart must end up equal to the history
            }
            long now = System.nanoTime();
            if (now - lastEvent >= EVENT_INTERVAL_NANOS || p.pace().progress() >= 1) {
                lastEvent = now;
                job.publish("progress", view);
            }
        }

        @Override
        public void onEpoch(EpochEnd e) {
            History.Epoch point = new History.Epoch(e.epoch(), e.step(), e.meanLoss(), e.perplexity(), e.seconds());
            job.history().add(point);
            job.publish("epoch", point);
        }

        @Override
        public void onEvaluation(Evaluation e, Checkpoint checkpoint) {
            History.Evaluation point = new History.Evaluation(e.step(), e.epoch(), e.validationLoss(), e.validationPerplexity(), e.improved());
            if (e.validationLoss() != null) {
                job.history().add(point);
            }
            job.progress(job.progress().withValidation(e.validationLoss(), e.bestValidationLoss()));
            checkpoints.write(job.id(), job.lease(), checkpoint);
            job.checkpointed(e.step(), checkpoint.servingModelCopy());
            records.save(job);
            job.publish("checkpoint", point);
        }

        @Override
        public void onSample(PeriodicSample s) {
            History.Sample point = new History.Sample(s.step(), s.epoch(), s.prefix(), s.text());
            job.history().add(point);
            job.publish("sample", point);
        }
    }
}
