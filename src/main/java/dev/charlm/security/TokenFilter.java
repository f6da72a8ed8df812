package dev.charlm.security;

import dev.charlm.config.CharLmProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With {@code charlm.security.api-token} set, mutating requests and model downloads (and, with
 * {@code protect-reads}, every read but health and the console's files) need {@code Authorization: Bearer <token>};
 * otherwise 401. {@code GET /models/{id}/events} also takes {@code ?access_token=}, because EventSource cannot
 * set headers; nothing else does, so the token does not end up in other URLs and their logs.
 */
final class TokenFilter extends OncePerRequestFilter {

    private final byte[] expected;
    private final boolean protectReads;
    private final Problems problems;

    TokenFilter(CharLmProperties.Security security, Problems problems) {
        this.expected = security.tokenSet() ? digest(security.apiToken()) : null;   // null: registered but disabled
        this.protectReads = security.protectReads();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = Paths.of(request);
        if (!needsToken(request, path)) {
            chain.doFilter(request, response);
            return;
        }
        String given = presented(request, path);
        // digests of equal length, compared in constant time: neither the token's content nor its length leaks by timing
        if (given != null && MessageDigest.isEqual(expected, digest(given))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"charlm\"");
        String detail = given == null ? "this request needs the API token: Authorization: Bearer <token>" : "the API token is wrong";
        if (path.startsWith("/v1/")) {
            problems.writeOpenAi(response, HttpStatus.UNAUTHORIZED, detail, "invalid_api_key");   // what OpenAI's clients read
            return;
        }
        problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail, request.getRequestURI());
    }

    private boolean needsToken(HttpServletRequest request, String path) {
        if (request.getMethod().equals("OPTIONS") || Paths.isHealth(path)) {
            return false;
        }
        if (!Paths.isSafeMethod(request) || Paths.isModelFile(path)) {
            return true;
        }
        return protectReads && !Paths.isStaticOrDocs(path);
    }

    private static String presented(HttpServletRequest request, String path) {
        String auth = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        if (request.getMethod().equals("GET") && Paths.isJobEvents(path)) {
            return request.getParameter("access_token");
        }
        return null;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
