package dev.charlm.corpus;

import dev.charlm.cluster.S3Bucket;
import dev.charlm.storage.ClusterStorage;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Corpus texts as objects {@code corpora/<id>/corpus.txt} of the cluster's bucket. An upload is staged in a
 * local temporary file while it is scanned, and committed by one PUT streamed from that file: a corpus is never
 * whole in memory, and a failed upload leaves no object.
 */
@Component
@ClusterStorage
class S3CorpusTexts implements CorpusTexts {

    private final S3Client s3;
    private final String bucket;
    /** This process's staged uploads, one file each. */
    private final Path staging;

    @Autowired
    S3CorpusTexts(S3Bucket bucket) throws IOException {
        this(bucket, Files.createTempDirectory("charlm-uploads-"));
    }

    S3CorpusTexts(S3Bucket bucket, Path staging) {
        this.s3 = bucket.client();
        this.bucket = bucket.name();
        this.staging = staging;
    }

    static String key(String id) {
        return "corpora/" + id + "/corpus.txt";
    }

    @Override
    public Staged stage(InputStream in, long maxBytes) throws IOException {
        Path file = staging.resolve(".upload-" + UUID.randomUUID());
        try (OutputStream out = Files.newOutputStream(file)) {
            return new Staged(file.getFileName().toString(), TextScan.copy(in, out, maxBytes));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    @Override
    public void commit(Staged staged, String id) throws IOException {
        Path file = staging.resolve(staged.handle());
        try {
            s3.putObject(r -> r.bucket(bucket).key(key(id)).contentLength(staged.scan().contents().bytes()), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("the object store refused or lost the upload of corpus " + id, e);
        } finally {
            // uploaded or not, the staged copy is done with: a failed PUT leaves no object to come back to
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void discard(Staged staged) {
        try {
            Files.deleteIfExists(staging.resolve(staged.handle()));
        } catch (IOException e) {
            // best effort: the staging directory goes with the process
        }
    }

    @Override
    public Optional<InputStream> open(String id) {
        if (!CorpusDirectories.isCorpusId(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(s3.getObject(r -> r.bucket(bucket).key(key(id))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String id) {
        s3.deleteObject(r -> r.bucket(bucket).key(key(id)));
    }

    /** How many uploads are staged. */
    long stagedCount() throws IOException {
        try (Stream<Path> files = Files.list(staging)) {
            return files.count();
        }
    }

    @PreDestroy
    void removeStaging() {
        try (Stream<Path> files = Files.list(staging)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(staging);
        } catch (IOException e) {
            // best effort, as discard: a temporary directory
        }
    }
}
