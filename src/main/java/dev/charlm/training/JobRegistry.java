package dev.charlm.training;

import dev.charlm.corpus.CorpusUsage;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Every model this service knows, by id: restored ones ({@link JobRestore}) and submitted ones
 * ({@link TrainingJobs}). Lookups for the controllers, sampling and metrics; changes only through those two.
 */
@Component
public class JobRegistry implements CorpusUsage {

    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();

    void add(TrainingJob job) {
        jobs.put(job.id(), job);
    }

    /** Adds the job unless one with its id is here; the one here either way. */
    TrainingJob addIfAbsent(TrainingJob job) {
        TrainingJob known = jobs.putIfAbsent(job.id(), job);
        return known != null ? known : job;
    }

    void remove(String id) {
        jobs.remove(id);
    }

    /** The model, or a 404. */
    public TrainingJob get(String id) {
        TrainingJob j = jobs.get(id);
        if (j == null) {
            throw new ModelNotFoundException(id);
        }
        return j;
    }

    /**
     * The model with this id, else the newest one with this name (names need not be unique), or a 404.
     * The compatible APIs take either, as their clients name models.
     */
    public TrainingJob byIdOrName(String ref) {
        TrainingJob j = ref == null ? null : jobs.get(ref);
        if (j != null) {
            return j;
        }
        return list(null).stream()
                .filter(x -> ref != null && ref.equals(x.name()))
                .findFirst()
                .orElseThrow(() -> new ModelNotFoundException(ref));
    }

    public Optional<TrainingJob> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Newest first, optionally only those in one state. */
    public List<TrainingJob> list(JobStatus status) {
        return jobs.values().stream()
                .filter(j -> status == null || j.status() == status)
                .sorted(Comparator.comparing(TrainingJob::createdAt).reversed().thenComparing(TrainingJob::id))
                .toList();
    }

    public long count(JobStatus status) {
        return jobs.values().stream().filter(j -> j.status() == status).count();
    }

    public boolean isEmpty() {
        return jobs.isEmpty();
    }

    int size() {
        return jobs.size();
    }

    Collection<TrainingJob> all() {
        return jobs.values();
    }

    @Override
    public Optional<String> activeUser(String corpusId) {
        return jobs.values().stream()
                .filter(j -> j.status().active() && corpusId.equals(j.corpus()))
                .map(j -> "model " + j.id() + " (" + j.status() + ")")
                .findFirst();
    }
}
