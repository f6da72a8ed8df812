package dev.charlm.web;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.MethodMetadata;

/**
 * Start-up: springdoc's beans (the OpenAPI scan, Swagger UI's resources and their configuration) are created on
 * the first request to /v3/api-docs or /swagger-ui.html instead of while the service starts, where they cost
 * about 0.3 s of the time to healthy. Spring MVC still maps their endpoints at start-up: it reads a lazy
 * controller's type from its definition and creates the bean when a request needs it. Only beans that nothing
 * else needs at start-up stay lazy; any other bean that depends on one still creates it eagerly.
 */
@Configuration(proxyBeanMethods = false)
class LazyApiDocs {

    static final String SPRINGDOC = "org.springdoc.";

    @Bean
    static BeanFactoryPostProcessor lazySpringdoc() {
        return LazyApiDocs::markLazy;
    }

    static void markLazy(ConfigurableListableBeanFactory factory) {
        for (String name : factory.getBeanDefinitionNames()) {
            BeanDefinition d = factory.getBeanDefinition(name);
            if (fromSpringdoc(d)) {
                d.setLazyInit(true);
            }
        }
    }

    /** A bean whose class is springdoc's, or that a springdoc configuration class declares with a @Bean method. */
    static boolean fromSpringdoc(BeanDefinition d) {
        String type = d.getBeanClassName();
        if (type != null && type.startsWith(SPRINGDOC)) {
            return true;
        }
        MethodMetadata factoryMethod = d instanceof AnnotatedBeanDefinition a ? a.getFactoryMethodMetadata() : null;
        return factoryMethod != null && factoryMethod.getDeclaringClassName().startsWith(SPRINGDOC);
    }
}
