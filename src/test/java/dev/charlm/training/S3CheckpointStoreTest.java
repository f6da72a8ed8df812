package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.cluster.S3Bucket;
import dev.charlm.cluster.S3Properties;
import dev.charlm.cluster.S3ProxyExtension;
import dev.charlm.storage.TestPostgres;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The checkpoint contract against {@link S3CheckpointStore} on a real S3 API (s3proxy), one bucket per test, with its
 * current-checkpoint rows in a real PostgreSQL; and its fencing: a write under a lease older than the model's fence
 * is refused and changes nothing.
 */
@ExtendWith(S3ProxyExtension.class)
class S3CheckpointStoreTest implements CheckpointStoreContract {

    /** Keys whose uploads fail, as a connection lost mid-PUT does: the client gives up, the store keeps its object. */
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private S3Bucket bucket;
    private S3CheckpointStore store;

    @BeforeEach
    void emptyBucket() {
        S3Properties p = S3ProxyExtension.newBucket();
        ExecutionInterceptor failPuts = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && broken.stream().anyMatch(put.key()::startsWith)) {
                    throw SdkClientException.create("connection reset (test)");
                }
            }
        };
        bucket = S3Bucket.open(S3Bucket.client(p, List.of(failPuts)), p);
        TestPostgres.truncate("checkpoint");
        store = new S3CheckpointStore(bucket, JdbcClient.create(TestPostgres.database()));
    }

    @AfterEach
    void closeClient() {
        bucket.close();
    }

    @Override
    public CheckpointStore store() {
        return store;
    }

    @Override
    public AutoCloseable unwritable(String id) {
        broken.add(S3CheckpointStore.prefix(id));
        return () -> broken.remove(S3CheckpointStore.prefix(id));
    }

    private List<String> objects(String id) {
        return bucket.client().listObjectsV2(r -> r.bucket(bucket.name()).prefix(S3CheckpointStore.prefix(id))).contents()
                .stream().map(o -> o.key()).toList();
    }

    @Test
    void aReplicaWhoseLeaseWasFencedOffCannotReplaceTheCheckpointOfTheOneThatTookTheJobOver() {
        String id = "m-fencedjob1";
        store.write(id, 1, CheckpointStoreContract.checkpoint(8));     // replica A trains under lease 1
        store.fence(id, 2);                                             // replica B claims the job: lease 2
        store.write(id, 2, CheckpointStoreContract.checkpoint(16));    // B checkpoints

        // A comes back from a long pause and writes a later step under its old lease
        assertThatThrownBy(() -> store.write(id, 1, CheckpointStoreContract.checkpoint(400)))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("lease 1");

        assertThat(store.read(id).orElseThrow().checkpoint().state().step()).isEqualTo(16);
        assertThat(store.step(id)).hasValue(16);
        assertThat(objects(id)).hasSize(1);   // A's refused object is gone, and so is the one B replaced
    }

    @Test
    void theFenceHoldsBeforeTheNewHolderHasWrittenAnything() {
        String id = "m-fencedjob2";
        store.write(id, 3, CheckpointStoreContract.checkpoint(8));
        store.fence(id, 4);
        store.fence(id, 2);   // a fence never goes down

        assertThatThrownBy(() -> store.write(id, 3, CheckpointStoreContract.checkpoint(9))).isInstanceOf(LeaseLostException.class);
        assertThat(store.step(id)).hasValue(8);
        store.write(id, 4, CheckpointStoreContract.checkpoint(10));
        assertThat(store.step(id)).hasValue(10);
    }
}
