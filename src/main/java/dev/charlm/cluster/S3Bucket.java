package dev.charlm.cluster;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The bucket that holds cluster mode's blobs, with the client that reaches it; checked at start, so that a
 * missing bucket stops the service with a reason instead of failing the first checkpoint. The stores share it
 * and close it with the context.
 */
public record S3Bucket(S3Client client, String name) implements AutoCloseable {

    /** A client for the store {@code p} names; {@code interceptors} see every request (tests make writes fail). */
    public static S3Client client(S3Properties p, List<ExecutionInterceptor> interceptors) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(p.region()))
                .credentialsProvider(credentials(p))
                .forcePathStyle(p.pathStyleAccess())
                // checksums only where S3 requires them: many S3-compatible stores reject the newer trailing ones
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.executionInterceptors(interceptors));
        if (p.endpoint() != null) {
            b.endpointOverride(p.endpoint());
        }
        return b.build();
    }

    private static AwsCredentialsProvider credentials(S3Properties p) {
        if (p.accessKey() == null || p.accessKey().isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(p.accessKey(), p.secretKey()));
    }

    /** The bucket {@code p} names, created when it is absent and {@code create-bucket} is set. */
    public static S3Bucket open(S3Client client, S3Properties p) {
        if (p.bucket() == null || p.bucket().isBlank()) {
            throw new IllegalStateException("cluster mode keeps its blobs in a bucket: set charlm.blobs.s3.bucket");
        }
        try {
            client.headBucket(r -> r.bucket(p.bucket()));
        } catch (NoSuchBucketException e) {
            if (!p.createBucket()) {
                throw new IllegalStateException("the bucket " + p.bucket() + " does not exist" + at(p)
                        + ": create it, or set charlm.blobs.s3.create-bucket=true", e);
            }
            client.createBucket(r -> r.bucket(p.bucket()));
        } catch (S3Exception e) {
            throw new IllegalStateException("the bucket " + p.bucket() + at(p) + " cannot be reached (HTTP "
                    + e.statusCode() + "): check its name, the endpoint and the keys", e);
        }
        return new S3Bucket(client, p.bucket());
    }

    private static String at(S3Properties p) {
        return p.endpoint() == null ? "" : " at " + p.endpoint();
    }

    @Override
    public void close() {
        client.close();
    }
}
