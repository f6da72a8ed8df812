package dev.charlm.training;

import java.time.Instant;

/**
 * Which stored version of a model's latest checkpoint this is: two reads that return equal versions
 * returned the same bytes, so a cache of loaded weights or of a digest can be keyed by it.
 *
 * @param tag     the store's name for this version (the file store's: size and modification time, as an
 *                HTTP server's ETag; an object store's: the object's version id or ETag)
 * @param size    the checkpoint's size in bytes, as a download sends it
 * @param written when it was written
 */
public record CheckpointVersion(String tag, long size, Instant written) {
}
