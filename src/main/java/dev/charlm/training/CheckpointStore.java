package dev.charlm.training;

import dev.charlm.engine.train.Checkpoint;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Each model's latest checkpoint, in the {@code .clm} format of {@link dev.charlm.engine.io.ModelFile}. A
 * write replaces the previous checkpoint whole or not at all, and every read names the version it read,
 * so that sampling caches weights per version and reloads when a newer one appears. The embedded
 * implementation is {@link FileCheckpointStore} ({@code model.clm}); the cluster one,
 * {@link S3CheckpointStore}, keeps checkpoints in an object store. Writes carry the writer's lease (the job's
 * generation, see {@link #fence}), so that a replica that lost its job cannot overwrite the checkpoint of the one
 * that took it over.
 */
public interface CheckpointStore {

    /**
     * Replaces the model's checkpoint, if {@code lease} is at least the model's fence; a failed write leaves the
     * previous one and throws {@link CheckpointWriteException}, a fenced one {@link LeaseLostException}.
     */
    void write(String modelId, long lease, Checkpoint checkpoint);

    /** A write outside any lease: a model no replica trains (an import), or a store with one writer. */
    default void write(String modelId, Checkpoint checkpoint) {
        write(modelId, 0, checkpoint);
    }

    /**
     * From now on, refuse the model's writes with a lease below {@code lease}: called when a replica claims the job,
     * before it reads the checkpoint to resume from. The embedded store has one process, so nothing to fence.
     */
    default void fence(String modelId, long lease) {
    }

    /** The whole checkpoint, every part of it checked; empty when the model has none. */
    Optional<StoredCheckpoint> read(String modelId);

    /** The version of the model's checkpoint, without reading it; empty when it has none. */
    Optional<CheckpointVersion> latest(String modelId);

    /**
     * The checkpoint's training step, from its header alone; empty when there is none, or when its header cannot
     * be read (logged: reading the whole checkpoint says what is wrong).
     */
    OptionalLong step(String modelId);

    /** The checkpoint's bytes as stored (a download streams them); empty when there is none. The caller closes it. */
    Optional<InputStream> open(String modelId);

    /** Removes the model's checkpoint; nothing happens when it has none. */
    void delete(String modelId);
}
