package dev.charlm.training;

import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.engine.train.TrainingState;
import dev.charlm.training.request.Options;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Models trained elsewhere (POST /models/import): each becomes a COMPLETED model with no corpus, saved
 * like a trained one (a model file at step 0, then its job record), so it lists, samples, scores,
 * downloads, exports and survives a restart. It cannot be resumed: there is no corpus to train on
 * ({@link TrainingJobs#resume} answers 409).
 */
@Service
public class ModelImports {

    private final JobRegistry jobs;
    private final JobRepository records;
    private final CheckpointStore checkpoints;
    private final ApplicationEventPublisher events;

    ModelImports(JobRegistry jobs, JobRepository records, CheckpointStore checkpoints, ApplicationEventPublisher events) {
        this.jobs = jobs;
        this.records = records;
        this.checkpoints = checkpoints;
        this.events = events;
    }

    /**
     * Registers an imported model.
     *
     * @param from what it was imported from, for the model's reason ("imported from tiny.safetensors")
     */
    public ModelView add(String name, LanguageModel model, TrainingConfig config, String from) {
        String id = TrainingJobs.newId();
        TrainingRequest spec = new TrainingRequest(null, null, name, Options.of(config));
        Instant now = Instant.now();
        ProgressView done = new ProgressView(new ProgressView.Position(0, 0, 0), ProgressView.Training.NONE,
                ProgressView.Validation.NONE, ProgressView.Rates.NONE, new ProgressView.Time(0, null, 1));
        JobRecord r = new JobRecord(id, name, null, new JobRecord.State(JobStatus.COMPLETED, "imported from " + from),
                new JobRecord.Times(now, now, now), spec, done,
                new JobRecord.Weights(model.vocabulary().size(), (long) model.weights().size(), 0L));
        TrainingJob job = new TrainingJob(r, History.Snapshot.EMPTY);
        checkpoints.write(id, checkpoint(id, model, config));   // the model file first, as a training job writes it
        records.save(job);
        jobs.add(job);
        events.publishEvent(new JobEvent.Registered(job));
        return ModelView.of(job);
    }

    /** A checkpoint that serves the weights: no optimizer moments, a zero carried state, step 0. */
    private static Checkpoint checkpoint(String id, LanguageModel model, TrainingConfig config) {
        Parameters w = model.weights();
        List<Tensor> hidden = new ArrayList<>();
        List<Tensor> cell = new ArrayList<>();
        for (int l = 0; l < model.config().layers(); l++) {
            hidden.add(Tensor.zeros(w.precision(), 1, model.config().hiddenSize()));
            if (model.config().cell() == CellType.LSTM) {
                cell.add(Tensor.zeros(w.precision(), 1, model.config().hiddenSize()));
            }
        }
        return new Checkpoint(config, model.config(), model.vocabulary(), w, w, new Checkpoint.OptimizerState(0, Map.of()),
                TrainingState.start(), new Checkpoint.CarriedState(hidden, cell), Map.of("model", id, "imported", "true"));
    }
}
