package dev.charlm.storage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Marks a storage implementation of cluster mode (issue 16): the opposite condition of {@link EmbeddedStorage},
 * so exactly one of the two families is ever a bean. The property is {@code ClusterProperties.enabled}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnProperty(name = "charlm.cluster.enabled", havingValue = "true")
public @interface ClusterStorage {
}
