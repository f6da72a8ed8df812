package dev.charlm.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Start-up with Spring AOT ({@code -Dspring.aot.enabled=true}, README "Starting faster"): the bean definitions were
 * generated at build time for the embedded mode, with every {@code @ConditionalOnProperty} decided from the packaged
 * application.properties. A start that sets one of those properties to anything else would silently get the
 * embedded beans (cluster mode without its database, Swagger UI still on...), so it is refused here, before any bean
 * exists, with the property named. Without AOT this check does nothing.
 */
public class AotModeCheck implements EnvironmentPostProcessor, Ordered {

    /**
     * The properties the build's conditions read, with the value a property that application.properties leaves
     * unset had then (null: unset; any value is refused). From the condition report of the embedded mode
     * ({@code --debug}); AotModeCheckTest fails when a condition reads one that is missing here.
     */
    static final Map<String, String> FROZEN = frozen();

    private static Map<String, String> frozen() {
        Map<String, String> m = new TreeMap<>();
        m.put("charlm.cluster.enabled", "false");
        for (String on : List.of("management.endpoint.health.probes.enabled", "management.health.livenessstate.enabled",
                "management.health.readinessstate.enabled", "spring.aop.auto", "spring.aop.proxy-target-class",
                "spring.flyway.enabled", "spring.mvc.problemdetails.enabled", "spring.persistence.exceptiontranslation.enabled",
                "spring.servlet.encoding.enabled", "spring.servlet.multipart.enabled", "spring.web.error.whitelabel.enabled",
                "springdoc.api-docs.enabled", "springdoc.swagger-ui.enabled", "springdoc.api-docs.resolve-schema-properties",
                "springdoc.model-converters.deprecating-converter.enabled",
                "springdoc.model-converters.polymorphic-converter.enabled", "springdoc.nullable-request-parameter-enabled",
                "springdoc.model-converters.kotlin-nullable-property-customizer.enabled")) {
            m.put(on, "true");
        }
        for (String off : List.of("management.auditevents.enabled", "management.endpoint.health.validate-group-membership",
                "management.endpoints.jackson.isolated-json-mapper", "management.endpoints.jackson2.isolated-object-mapper",
                "management.httpexchanges.recording.enabled", "management.server.add-application-context-header",
                "spring.application.admin.enabled", "spring.jmx.enabled", "spring.mvc.formcontent.filter.enabled",
                "spring.mvc.hiddenmethod.filter.enabled", "springdoc.cache.disabled", "springdoc.enable-extra-schemas",
                "springdoc.explicit-object-schema", "springdoc.show-actuator", "springdoc.swagger-ui.use-root-path",
                "springdoc.use-management-port")) {
            m.put(off, "false");
        }
        for (String unset : List.of("server.forward-headers-strategy", "spring.datasource.jndi-name", "spring.flyway.url",
                "spring.http.converters.preferred-json-mapper", "spring.task.execution.mode", "springdoc.group-configs[0].group",
                "management.server.port")) {
            m.put(unset, null);
        }
        return m;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (AotDetector.useGeneratedArtifacts()) {
            check(environment, packaged());
        }
    }

    /** Refuses the start when a frozen property differs from the build's value (booleans in any case). */
    static void check(ConfigurableEnvironment environment, Properties packaged) {
        List<String> changed = new ArrayList<>();
        FROZEN.forEach((name, unsetValue) -> {
            String built = packaged.getProperty(name, unsetValue);
            String now = environment.getProperty(name);
            if (now != null && !now.equalsIgnoreCase(built == null ? "" : environment.resolvePlaceholders(built))) {
                changed.add(name + "=" + now + " (the AOT build assumed " + (built == null ? "it unset" : built) + ")");
            }
        });
        if (!changed.isEmpty()) {
            throw new IllegalStateException("Spring AOT (-Dspring.aot.enabled=true) serves only the embedded mode it was "
                    + "built for, and this start changes what that build decided: " + String.join(", ", changed)
                    + ". Start without -Dspring.aot.enabled=true (README, \"Starting faster\").");
        }
    }

    private static Properties packaged() {
        try {
            return PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After the config data (files, profiles) is in the environment. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
