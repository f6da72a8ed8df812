package dev.charlm.training;

import dev.charlm.cluster.S3Bucket;
import dev.charlm.engine.io.ModelFile;
import dev.charlm.engine.train.Checkpoint;
import dev.charlm.storage.ClusterStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checkpoints as objects {@code models/<id>/model.clm} of the cluster's bucket. A PUT replaces an object whole
 * or not at all, so a failed upload leaves the previous checkpoint. A version is the object's ETag, size and
 * last-modified time, from the same response as the bytes a read returns.
 */
@Component
@ClusterStorage
class S3CheckpointStore implements CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3CheckpointStore.class);
    private static final int NOT_FOUND = 404;

    private final S3Client s3;
    private final String bucket;

    S3CheckpointStore(S3Bucket bucket) {
        this.s3 = bucket.client();
        this.bucket = bucket.name();
    }

    static String key(String modelId) {
        return "models/" + modelId + "/model.clm";
    }

    @Override
    public void write(String modelId, Checkpoint checkpoint) {
        // the checkpoint is one array in memory already (ModelFile's format is written whole)
        byte[] bytes = ModelFile.toBytes(checkpoint);
        try {
            s3.putObject(r -> r.bucket(bucket).key(key(modelId)).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new CheckpointWriteException(checkpoint.state().step(), new IOException("the object store refused or lost the upload", e));
        }
    }

    @Override
    public Optional<StoredCheckpoint> read(String modelId) {
        ResponseBytes<GetObjectResponse> got;
        try {
            got = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(modelId)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        GetObjectResponse r = got.response();
        CheckpointVersion version = new CheckpointVersion(r.eTag(), r.contentLength(), r.lastModified());
        return Optional.of(new StoredCheckpoint(version, ModelFile.fromBytes(got.asByteArrayUnsafe())));
    }

    @Override
    public Optional<CheckpointVersion> latest(String modelId) {
        HeadObjectResponse r;
        try {
            r = s3.headObject(h -> h.bucket(bucket).key(key(modelId)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {   // a HEAD's 404 has no body to name the error
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new CheckpointVersion(r.eTag(), r.contentLength(), r.lastModified()));
    }

    /** Downloads the checkpoint to a temporary file for {@link ModelFile#readStep}, which reads its header alone. */
    @Override
    public OptionalLong step(String modelId) {
        Optional<InputStream> in = open(modelId);
        if (in.isEmpty()) {
            return OptionalLong.empty();
        }
        Path tmp = null;
        try (InputStream body = in.get()) {
            tmp = Files.createTempFile("charlm-checkpoint-", ".clm");
            Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
            return OptionalLong.of(ModelFile.readStep(tmp));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The checkpoint of {} cannot be read ({}); keeping the checkpoint step its job record says", modelId, e.getMessage());
            return OptionalLong.empty();
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.debug("Could not delete {}", tmp, e);
            }
        }
    }

    @Override
    public Optional<InputStream> open(String modelId) {
        try {
            return Optional.of(s3.getObject(r -> r.bucket(bucket).key(key(modelId))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String modelId) {
        s3.deleteObject(r -> r.bucket(bucket).key(key(modelId)));
    }
}
