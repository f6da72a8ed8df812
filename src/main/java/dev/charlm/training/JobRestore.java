package dev.charlm.training;

import dev.charlm.config.CharLmProperties;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Start-up: reads every stored model into the registry, before the service takes requests
 * (singletons are created before the web server starts and the application runners run). A job that was
 * queued or running when the last service stopped becomes INTERRUPTED, to be resumed by a client.
 */
@Component
class JobRestore {

    private static final Logger LOG = LoggerFactory.getLogger(JobRestore.class);

    JobRestore(JobRepository records, CheckpointStore checkpoints, JobRegistry registry, JobDispatch dispatch, CharLmProperties properties) {
        for (JobRecord saved : records.findAll()) {
            if (!dispatch.activeJobsAreOrphansAtStart()) {   // cluster mode: the jobs are as the replica that has them saved them
                registry.add(new TrainingJob(saved, records.history(saved.id())));
                continue;
            }
            JobRecord r = withCheckpointStepOfTheFile(saved, checkpoints.step(saved.id()));
            TrainingJob job = new TrainingJob(r, records.history(r.id()));
            if (job.status().active()) {
                job.transition(JobStatus.INTERRUPTED, "the service stopped while the job was " + r.state().status().name().toLowerCase()
                        + "; resume to continue from its last checkpoint");
            }
            if (saved.state().status().active() || r != saved) {
                records.save(job);
            }
            registry.add(job);
        }
        if (!registry.isEmpty()) {
            LOG.info("Restored {} models from {}", registry.size(), properties.dataDir());
        }
    }

    /**
     * The record with the model file's step as its checkpoint step and progress, when they differ. The runner
     * writes the model file before job.json, so a service killed between the two leaves a record one checkpoint
     * behind the file that sampling and resuming use. (Never ahead: job.json takes a step only once its file
     * is on disk.)
     */
    private static JobRecord withCheckpointStepOfTheFile(JobRecord r, OptionalLong onFile) {
        if (onFile.isEmpty() || r.weights().checkpointStep() != null && r.weights().checkpointStep() == onFile.getAsLong()) {
            return r;
        }
        long step = onFile.getAsLong();
        LOG.info("Model {}: job.json said checkpoint step {} but its model file holds step {} (the service stopped between"
                + " writing the two); corrected job.json to step {}", r.id(), r.weights().checkpointStep(), step, step);
        ProgressView p = r.progress() != null ? r.progress() : ProgressView.initial(r.spec().options().limits().epochs());
        return r.withCheckpointStep(p.atStep(step), step);
    }
}
