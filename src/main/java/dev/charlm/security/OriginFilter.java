package dev.charlm.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF: a mutating request that a browser sent from a page of another site is refused with 403. CORS alone
 * does not stop it: a "simple" POST (a form, text/plain) reaches the server without a preflight. The browser
 * names the page's origin in {@code Origin}; it must be the request's own scheme://host:port or one of
 * {@code charlm.security.allowed-origins}. A request without Origin (curl, scripts) is not from a page.
 */
final class OriginFilter extends OncePerRequestFilter {

    private final List<String> allowed;
    private final Problems problems;

    OriginFilter(List<String> allowedOrigins, Problems problems) {
        this.allowed = allowedOrigins.stream().map(OriginFilter::normalise).toList();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (Paths.isSafeMethod(request) || origin == null || isOwn(origin, request) || allowed.contains("*")
                || allowed.contains(normalise(origin))) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(response, HttpStatus.FORBIDDEN, "Cross-site request refused",
                "a page of another origin may not change CharLM; allow it with charlm.security.allowed-origins",
                request.getRequestURI());
    }

    private static boolean isOwn(String origin, HttpServletRequest request) {
        try {
            URI o = URI.create(origin);
            return o.getScheme() != null && o.getHost() != null
                    && o.getScheme().equalsIgnoreCase(request.getScheme())
                    && o.getHost().equalsIgnoreCase(stripBrackets(request.getServerName()))
                    && port(o.getScheme(), o.getPort()) == port(request.getScheme(), request.getServerPort());
        } catch (IllegalArgumentException e) {   // "null" (a sandboxed or file: page) and anything unparsable
            return false;
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(String scheme, int port) {
        return port >= 0 ? port : scheme.equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
