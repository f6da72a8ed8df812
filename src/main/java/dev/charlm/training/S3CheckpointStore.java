package dev.charlm.training;

import dev.charlm.cluster.S3Bucket;
import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.storage.ClusterStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checkpoints as objects of the cluster's bucket, one per write, never overwritten: {@code
 * models/<id>/checkpoints/<lease>-<step>-<nonce>.clm}. Which one is current is the row of the table {@code checkpoint}
 * (db/migration V2), moved by a write only when the writer's lease is at least the row's fence, in one statement, so
 * a stale replica's checkpoint never replaces a newer one: its object is deleted and the write refused. A version is
 * the object's key (unique per write), size and last-modified time.
 */
@Component
@ClusterStorage
class S3CheckpointStore implements CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3CheckpointStore.class);
    private static final int NOT_FOUND = 404;

    private final S3Client s3;
    private final String bucket;
    private final JdbcClient db;

    S3CheckpointStore(S3Bucket bucket, JdbcClient db) {
        this.s3 = bucket.client();
        this.bucket = bucket.name();
        this.db = db;
    }

    /** Where the model's checkpoint objects are. */
    static String prefix(String modelId) {
        return "models/" + modelId + "/checkpoints/";
    }

    private static String key(String modelId, long lease, long step) {
        return prefix(modelId) + lease + "-" + step + "-" + UUID.randomUUID().toString().substring(0, 8) + ".clm";
    }

    /** The step a key names (see {@link #key}). */
    private static long stepOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return Long.parseLong(name.split("-")[1]);
    }

    @Override
    public void write(String modelId, long lease, Checkpoint checkpoint) {
        // the checkpoint is one array in memory already (ModelFile's format is written whole)
        byte[] bytes = ModelFile.toBytes(checkpoint);
        String key = key(modelId, lease, checkpoint.state().step());
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new CheckpointWriteException(checkpoint.state().step(), new IOException("the object store refused or lost the upload", e));
        }
        // the row is locked by the upsert, so this and a fence raised by a claim are ordered
        List<String> replaced = db.sql("""
                        WITH previous AS (SELECT object_key FROM checkpoint WHERE model_id = :id)
                        INSERT INTO checkpoint (model_id, fence, object_key) VALUES (:id, :lease, :key)
                        ON CONFLICT (model_id) DO UPDATE SET fence = excluded.fence, object_key = excluded.object_key
                            WHERE checkpoint.fence <= excluded.fence
                        RETURNING coalesce((SELECT object_key FROM previous), '')""")
                .param("id", modelId).param("lease", lease).param("key", key)
                .query(String.class).list();
        if (replaced.isEmpty()) {
            deleteObject(key);
            throw new LeaseLostException(modelId, lease, "the checkpoint of step " + checkpoint.state().step());
        }
        if (!replaced.get(0).isEmpty()) {
            deleteObject(replaced.get(0));
        }
    }

    @Override
    public void fence(String modelId, long lease) {
        db.sql("""
                        INSERT INTO checkpoint (model_id, fence, object_key) VALUES (:id, :lease, NULL)
                        ON CONFLICT (model_id) DO UPDATE SET fence = greatest(checkpoint.fence, excluded.fence)""")
                .param("id", modelId).param("lease", lease).update();
    }

    private Optional<String> current(String modelId) {
        return db.sql("SELECT object_key FROM checkpoint WHERE model_id = :id AND object_key IS NOT NULL")
                .param("id", modelId).query(String.class).optional();
    }

    @Override
    public Optional<StoredCheckpoint> read(String modelId) {
        for (int attempt = 0; ; attempt++) {
            Optional<String> key = current(modelId);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            try {
                ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key.get()));
                GetObjectResponse r = got.response();
                return Optional.of(new StoredCheckpoint(new CheckpointVersion(key.get(), r.contentLength(), r.lastModified()),
                        ModelFile.fromBytes(got.asByteArrayUnsafe())));
            } catch (NoSuchKeyException e) {
                if (attempt > 0) {
                    return Optional.empty();   // deleted
                }
                // replaced between the two reads: the row names the newer one
            }
        }
    }

    @Override
    public Optional<CheckpointVersion> latest(String modelId) {
        Optional<String> key = current(modelId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        HeadObjectResponse r;
        try {
            r = s3.headObject(h -> h.bucket(bucket).key(key.get()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {   // a HEAD's 404 has no body to name the error
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new CheckpointVersion(key.get(), r.contentLength(), r.lastModified()));
    }

    /** From the current object's key, which names the step it was written at: nothing is downloaded. */
    @Override
    public OptionalLong step(String modelId) {
        return current(modelId).map(k -> OptionalLong.of(stepOf(k))).orElse(OptionalLong.empty());
    }

    @Override
    public Optional<InputStream> open(String modelId) {
        Optional<String> key = current(modelId);
        try {
            return key.map(k -> s3.getObject(r -> r.bucket(bucket).key(k)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** The row first, then every object of the model (also those a failed or refused write left). */
    @Override
    public void delete(String modelId) {
        db.sql("DELETE FROM checkpoint WHERE model_id = :id").param("id", modelId).update();
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix(modelId))).contents()) {
            deleteObject(o.key());
        }
    }

    private void deleteObject(String key) {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (SdkException e) {   // an orphan: the next delete of the model removes it
            LOG.warn("Could not delete the replaced checkpoint object {}: {}", key, e.getMessage());
        }
    }
}
