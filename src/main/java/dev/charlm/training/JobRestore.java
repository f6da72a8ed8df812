package dev.charlm.training;

import dev.charlm.config.CharLmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Start-up: reads every model in the data directory into the registry, before the service takes requests
 * (singletons are created before the web server starts and the application runners run). A job that was
 * queued or running when the last service stopped becomes INTERRUPTED, to be resumed by a client.
 */
@Component
class JobRestore {

    private static final Logger LOG = LoggerFactory.getLogger(JobRestore.class);

    JobRestore(ModelStore store, JobRegistry registry, CharLmProperties properties) {
        for (JobRecord r : store.records()) {
            TrainingJob job = new TrainingJob(r, store.history(r.id()));
            if (job.status().active()) {
                job.transition(JobStatus.INTERRUPTED, "the service stopped while the job was " + r.status().name().toLowerCase()
                        + "; resume to continue from its last checkpoint");
                store.save(job);
            }
            registry.add(job);
        }
        if (!registry.isEmpty()) {
            LOG.info("Restored {} models from {}", registry.size(), properties.dataDir());
        }
    }
}
