package dev.charlm.training;

import dev.charlm.cluster.S3Bucket;
import dev.charlm.cluster.S3Properties;
import dev.charlm.cluster.S3ProxyExtension;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The checkpoint contract against {@link S3CheckpointStore} on a real S3 API (s3proxy), one bucket per test. */
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
                if (context.request() instanceof PutObjectRequest put && broken.contains(put.key())) {
                    throw SdkClientException.create("connection reset (test)");
                }
            }
        };
        bucket = S3Bucket.open(S3Bucket.client(p, List.of(failPuts)), p);
        store = new S3CheckpointStore(bucket);
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
        broken.add(S3CheckpointStore.key(id));
        return () -> broken.remove(S3CheckpointStore.key(id));
    }
}
