package dev.charlm.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Against DNS rebinding (as in Ollama's CVE-2024-28224): a page of evil.example whose name is re-pointed at
 * 127.0.0.1 talks to CharLM as its "own" origin, but its requests still say {@code Host: evil.example}. With
 * {@code charlm.security.allowed-hosts} set, any other Host is answered 421 Misdirected Request: the request
 * is well-formed (not a 400) and no credential would make it acceptable (not a 403); it reached a server that
 * does not serve that authority, which is what 421 says. Health stays answered for probes that use an IP.
 */
final class HostFilter extends OncePerRequestFilter {

    private final List<String> allowed;
    private final Problems problems;

    HostFilter(List<String> allowedHosts, Problems problems) {
        this.allowed = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        if (allowed.contains(host) || allowed.contains(host + ":" + request.getServerPort()) || Paths.isHealth(Paths.of(request))) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(response, HttpStatus.MISDIRECTED_REQUEST, "Unknown host",
                "this CharLM does not answer to that Host; see charlm.security.allowed-hosts", request.getRequestURI());
    }
}
