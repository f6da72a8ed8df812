package dev.charlm.storage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Marks a storage implementation of cluster mode (issue 16): the opposite condition of {@link EmbeddedStorage}, so
 * that exactly one implementation of each storage interface exists. Cluster mode is not finished (dispatch across
 * replicas is still to come), so the property is not yet a documented setting.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnProperty(name = "charlm.cluster.enabled", havingValue = "true")
public @interface ClusterStorage {
}
