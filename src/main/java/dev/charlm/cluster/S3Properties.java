package dev.charlm.cluster;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where cluster mode keeps its blobs (checkpoints, corpus texts): a bucket of an S3-compatible object store
 * (README, "Cluster mode").
 *
 * @param endpoint        the store's URL (MinIO, Ceph, s3proxy, ...); none for AWS itself
 * @param bucket          the bucket's name
 * @param region          the signing region
 * @param accessKey       the access key id; none for the SDK's default credentials (environment, profile, role)
 * @param secretKey       the secret access key that goes with it
 * @param pathStyleAccess {@code <endpoint>/<bucket>/<key>} rather than {@code <bucket>.<endpoint>/<key>}, as most
 *                        stores other than AWS want
 * @param createBucket    create the bucket at start when it does not exist, rather than refuse to start
 */
@ConfigurationProperties("charlm.blobs.s3")
public record S3Properties(
        URI endpoint,
        String bucket,
        @DefaultValue("us-east-1") String region,
        String accessKey,
        String secretKey,
        @DefaultValue("false") boolean pathStyleAccess,
        @DefaultValue("false") boolean createBucket) {
}
