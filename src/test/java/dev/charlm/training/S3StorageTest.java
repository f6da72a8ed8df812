package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.cluster.S3Bucket;
import dev.charlm.cluster.S3Properties;
import dev.charlm.cluster.S3ProxyExtension;
import dev.charlm.cluster.S3Storage;
import dev.charlm.config.CharLmProperties;
import dev.charlm.storage.TestPostgres;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * In cluster mode the checkpoints are the bucket's, and the bucket is opened at start; in the embedded default
 * nothing of S3 is a bean, so the service starts without any store to reach.
 */
@ExtendWith(S3ProxyExtension.class)
class S3StorageTest {

    @TempDir
    Path data;

    private ApplicationContextRunner runner(S3Properties s3) {
        return new ApplicationContextRunner()
                .withBean(CharLmProperties.class, () -> FileJobRepositoryTest.properties(data))
                .withBean(S3Properties.class, () -> s3)
                .withBean(JdbcClient.class, () -> JdbcClient.create(TestPostgres.database()))   // the current-checkpoint rows
                .withUserConfiguration(ModelDirectories.class, FileCheckpointStore.class, S3Storage.class, S3CheckpointStore.class);
    }

    @Test
    void inClusterModeCheckpointsAreObjectsOfTheBucket() {
        S3Properties s3 = S3ProxyExtension.newBucket();
        runner(s3).withPropertyValues("charlm.cluster.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(CheckpointStore.class);
            CheckpointStore store = context.getBean(CheckpointStore.class);
            assertThat(store).isInstanceOf(S3CheckpointStore.class);

            store.write("m-aaaaaaaaaa", CheckpointStoreContract.checkpoint(8));

            CheckpointVersion latest = store.latest("m-aaaaaaaaaa").orElseThrow();
            assertThat(latest.tag()).startsWith(S3CheckpointStore.prefix("m-aaaaaaaaaa"));   // the object's key
            assertThat(context.getBean(S3Bucket.class).client().headObject(r -> r.bucket(s3.bucket()).key(latest.tag()))
                    .contentLength()).isEqualTo(latest.size());
            assertThat(data.resolve("models")).doesNotExist();
        });
    }

    @Test
    void inClusterModeAnAbsentBucketStopsTheStart() {
        S3Properties s3 = S3ProxyExtension.properties("t-" + UUID.randomUUID(), false);
        runner(s3).withPropertyValues("charlm.cluster.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            Throwable why = context.getStartupFailure();
            while (!(why instanceof IllegalStateException) && why.getCause() != null) {
                why = why.getCause();
            }
            assertThat(why).hasMessageContaining("the bucket " + s3.bucket() + " does not exist");
        });
    }

    @Test
    void theEmbeddedDefaultHasNoS3Beans() {
        // an endpoint nothing listens on: opening the bucket would fail the start
        S3Properties unreachable = new S3Properties(java.net.URI.create("http://127.0.0.1:9"), "none", "us-east-1", "a", "b", true, false);
        runner(unreachable).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(S3Bucket.class);
            assertThat(context.getBean(CheckpointStore.class)).isInstanceOf(FileCheckpointStore.class);
        });
    }
}
