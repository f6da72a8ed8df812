package dev.charlm.sweep;

import dev.charlm.config.CharLmProperties;
import dev.charlm.training.IllegalTransitionException;
import dev.charlm.training.JobRegistry;
import dev.charlm.training.ModelNotFoundException;
import dev.charlm.training.TrainingJob;
import dev.charlm.training.TrainingJobs;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sweep commands: create (check everything, then submit every run through {@link TrainingJobs} as one batch,
 * then save the record), cancel the active runs, delete the record (and, when asked, the models). The runs' state
 * is always the models' own, read from the {@link JobRegistry}.
 */
@Service
public class Sweeps {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final SweepStore store;
    private final JobRegistry models;
    private final TrainingJobs jobs;
    private final SweepPlanner planner;

    Sweeps(SweepStore store, JobRegistry models, TrainingJobs jobs, CharLmProperties properties, JsonMapper json) {
        this.store = store;
        this.models = models;
        this.jobs = jobs;
        this.planner = new SweepPlanner(new OptionPaths(json), jobs, properties.sweeps().maxRuns());
    }

    /**
     * Checks the request whole (400 for any problem), queues every run or none (429 when the queue cannot hold
     * them all), then saves the record. A service killed between the two leaves models tagged with a sweep
     * that has no record; they are ordinary models.
     */
    SweepView create(SweepRequest request) {
        List<SweepPlanner.Planned> planned = planner.plan(request);
        String id = newId();
        List<TrainingJobs.Submitted> submitted = jobs.submitAll(planned.stream().map(SweepPlanner.Planned::request).toList(), id);
        List<SweepRecord.Run> runs = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            runs.add(new SweepRecord.Run(submitted.get(i).job().id(), planned.get(i).combination().values()));
        }
        SweepRecord r = new SweepRecord(id, request.name(), request.corpus(),
                request.base(), request.grid(), Instant.now(), List.copyOf(runs));
        store.save(r);
        return view(r);
    }

    List<SweepView> list() {
        return store.all().stream().map(this::view).toList();
    }

    SweepView get(String id) {
        return view(record(id));
    }

    /** Cancels every queued or running run; 409 when none is. */
    SweepView cancel(String id) {
        SweepView v = get(id);
        if (v.status() != SweepStatus.RUNNING) {
            throw new SweepNotRunningException(id, v.status());
        }
        cancelActive(record(id));
        return get(id);
    }

    /** Deletes the record; with {@code models} the runs' models too, else their active runs are cancelled and the models kept. */
    void delete(String id, boolean withModels) {
        SweepRecord r = record(id);
        if (withModels) {
            for (SweepRecord.Run run : r.runs()) {
                if (models.find(run.modelId()).isPresent()) {
                    jobs.delete(run.modelId());
                }
            }
        } else {
            cancelActive(r);
        }
        store.delete(id);
    }

    private void cancelActive(SweepRecord r) {
        for (SweepRecord.Run run : r.runs()) {
            Optional<TrainingJob> job = models.find(run.modelId());
            if (job.isPresent() && job.get().status().active()) {
                try {
                    jobs.cancel(run.modelId());
                } catch (IllegalTransitionException | ModelNotFoundException e) {
                    // it ended, or was deleted, between the look and the cancel: nothing left to stop
                }
            }
        }
    }

    private SweepRecord record(String id) {
        return store.find(id).orElseThrow(() -> new SweepNotFoundException(id));
    }

    private SweepView view(SweepRecord r) {
        return SweepView.of(r, models::find);
    }

    static String newId() {
        StringBuilder sb = new StringBuilder("s-");
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
