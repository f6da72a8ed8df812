package dev.charlm.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's security headers, on every response: a Content-Security-Policy without inline scripts or
 * styles (the console styles elements through the CSSOM only), no MIME sniffing, no framing. Swagger UI sets
 * style attributes (its scripts are files: springdoc serves swagger-initializer.js), so its pages get a policy
 * that allows inline styles and nothing more; the browser test checks it renders without a violation.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    static final String SWAGGER_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", Paths.isSwaggerUi(Paths.of(request)) ? SWAGGER_CSP : CONSOLE_CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        chain.doFilter(request, response);
    }
}
