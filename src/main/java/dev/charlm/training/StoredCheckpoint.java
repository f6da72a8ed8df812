package dev.charlm.training;

import dev.charlm.engine.train.Checkpoint;

/** A checkpoint as read from the {@link CheckpointStore}, with the version its bytes were. */
public record StoredCheckpoint(CheckpointVersion version, Checkpoint checkpoint) {
}
