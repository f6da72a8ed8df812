package dev.charlm.training;

import dev.charlm.engine.train.Checkpoint;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Each model's latest checkpoint, in the {@code .clm} format of {@link dev.charlm.engine.io.ModelFile}. A
 * write replaces the previous checkpoint whole or not at all, and every read names the version it read,
 * so that sampling caches weights per version and reloads when a newer one appears. The embedded
 * implementation is {@link FileCheckpointStore} ({@code model.clm}); a cluster one keeps checkpoints in
 * an object store, where a write will also carry the writer's lease, so that a replica that lost its job
 * cannot overwrite the checkpoint of the one that took it over.
 */
public interface CheckpointStore {

    /** Replaces the model's checkpoint; a failed write leaves the previous one and throws {@link CheckpointWriteException}. */
    void write(String modelId, Checkpoint checkpoint);

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
