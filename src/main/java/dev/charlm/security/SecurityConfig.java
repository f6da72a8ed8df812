package dev.charlm.security;

import dev.charlm.config.CharLmProperties;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the security rules: the filters run right after Spring's ForwardedHeaderFilter (so behind a proxy they
 * see the client's scheme and host), in the order headers, Host, Origin, token; CORS is Spring MVC's own,
 * opened only for {@code charlm.security.allowed-origins}; ids are checked by an interceptor.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig implements WebMvcConfigurer {

    private static final int FIRST = Ordered.HIGHEST_PRECEDENCE + 10;

    private final CharLmProperties.Security security;

    /** In a web slice test that binds no CharLmProperties, the defaults: no token, no CORS, any Host. */
    SecurityConfig(ObjectProvider<CharLmProperties> properties) {
        CharLmProperties p = properties.getIfAvailable();
        this.security = p != null ? p.security() : new CharLmProperties.Security(null, false, List.of(), List.of());
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        return registration(new SecurityHeadersFilter(), 0);
    }

    @Bean
    FilterRegistrationBean<HostFilter> hostFilter(JsonMapper json) {
        FilterRegistrationBean<HostFilter> r = registration(new HostFilter(security.allowedHosts(), new Problems(json)), 1);
        r.setEnabled(!security.allowedHosts().isEmpty());
        return r;
    }

    @Bean
    FilterRegistrationBean<OriginFilter> originFilter(JsonMapper json) {
        return registration(new OriginFilter(security.allowedOrigins(), new Problems(json)), 2);
    }

    @Bean
    FilterRegistrationBean<TokenFilter> tokenFilter(JsonMapper json) {
        FilterRegistrationBean<TokenFilter> r = registration(new TokenFilter(security, new Problems(json)), 3);
        r.setEnabled(security.tokenSet());
        return r;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (security.allowedOrigins().isEmpty()) {
            return;   // no CORS headers at all: a page of another site cannot read CharLM's answers
        }
        registry.addMapping("/**")
                .allowedOrigins(security.allowedOrigins().toArray(String[]::new))
                .allowedMethods("GET", "HEAD", "POST", "DELETE")
                .allowedHeaders("Authorization", "Content-Type", "Accept", "Last-Event-ID")
                .exposedHeaders("Location", "Retry-After", "WWW-Authenticate");
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new IdCheck());
    }

    private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> registration(F filter, int step) {
        FilterRegistrationBean<F> r = new FilterRegistrationBean<>(filter);
        r.setOrder(FIRST + step);
        return r;
    }
}
