package dev.charlm.cluster;

import dev.charlm.storage.ClusterStorage;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Cluster mode's bucket, for the S3 implementations of {@code CheckpointStore} and {@code CorpusTexts}. */
@Configuration(proxyBeanMethods = false)
@ClusterStorage
public class S3Storage {

    @Bean
    public S3Bucket s3Bucket(S3Properties properties) {
        var client = S3Bucket.client(properties, List.of());
        try {
            return S3Bucket.open(client, properties);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
