package dev.charlm.storage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Marks a storage implementation of the embedded mode: files under the data directory. Every such bean
 * carries this one condition, so a second backend is a set of beans under the opposite condition that
 * implements the same interfaces ({@code JobRepository}, {@code CheckpointStore}, {@code CorpusRepository},
 * {@code CorpusTexts}, {@code SweepStore}); nothing that uses them changes. The second backend is
 * {@link ClusterStorage}: PostgreSQL and S3.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnProperty(name = "charlm.cluster.enabled", havingValue = "false", matchIfMissing = true)
public @interface EmbeddedStorage {
}
