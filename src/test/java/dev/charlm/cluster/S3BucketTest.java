package dev.charlm.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** Opening the bucket at start: created only when create-bucket says so, and a clear refusal when it is absent. */
@ExtendWith(S3ProxyExtension.class)
class S3BucketTest {

    @Test
    void anAbsentBucketIsCreatedWhenCreateBucketIsSet() {
        S3Properties p = S3ProxyExtension.properties("t-" + UUID.randomUUID(), true);
        try (S3Bucket bucket = S3Bucket.open(S3Bucket.client(p, List.of()), p)) {
            assertThat(bucket.name()).isEqualTo(p.bucket());
            assertThat(bucket.client().listBuckets().buckets()).anyMatch(b -> b.name().equals(p.bucket()));
        }
    }

    @Test
    void anAbsentBucketWithoutCreateBucketStopsTheStartWithWhatToDo() {
        S3Properties p = S3ProxyExtension.properties("t-" + UUID.randomUUID(), false);
        try (S3Client client = S3Bucket.client(p, List.of())) {
            assertThatThrownBy(() -> S3Bucket.open(client, p))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the bucket " + p.bucket() + " does not exist at " + p.endpoint())
                    .hasMessageContaining("charlm.blobs.s3.create-bucket=true");
            assertThat(client.listBuckets().buckets()).noneMatch(b -> b.name().equals(p.bucket()));
        }
    }

    @Test
    void anExistingBucketIsUsedWithoutCreateBucket() {
        String name = "t-" + UUID.randomUUID();
        S3Properties create = S3ProxyExtension.properties(name, true);
        S3Bucket.open(S3Bucket.client(create, List.of()), create).close();

        S3Properties p = S3ProxyExtension.properties(name, false);
        try (S3Bucket bucket = S3Bucket.open(S3Bucket.client(p, List.of()), p)) {
            assertThat(bucket.client().listObjectsV2(r -> r.bucket(name)).contents()).isEmpty();
        }
    }

    @Test
    void withoutABucketNameTheStartSaysWhichSettingIsMissing() {
        S3Properties p = S3ProxyExtension.properties(null, false);
        try (S3Client client = S3Bucket.client(p, List.of())) {
            assertThatThrownBy(() -> S3Bucket.open(client, p)).hasMessageContaining("charlm.blobs.s3.bucket");
        }
    }
}
