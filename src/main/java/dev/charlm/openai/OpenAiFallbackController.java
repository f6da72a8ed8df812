package dev.charlm.openai;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever else reaches {@code /v1}: an unknown path (404) or a known one with the wrong method (405),
 * in OpenAI's error shape. Spring would answer both before any controller is chosen, so advice scoped to
 * these controllers never sees them; a catch-all mapping, the least specific, does.
 */
@Hidden
@RestController
class OpenAiFallbackController {

    private static final Pattern MODEL = Pattern.compile("/v1/models/[^/]+");

    @RequestMapping("/v1/**")
    void fallback(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String allowed = path.equals("/v1/completions") ? "POST"
                : path.equals("/v1/models") || MODEL.matcher(path).matches() ? "GET" : null;
        String what = request.getMethod() + " " + path;
        if (allowed == null) {
            throw new OpenAiException(HttpStatus.NOT_FOUND, OpenAiException.INVALID_REQUEST, null, "unknown_url", "Invalid URL (" + what + ")");
        }
        throw new OpenAiException(HttpStatus.METHOD_NOT_ALLOWED, OpenAiException.INVALID_REQUEST, null, "method_not_allowed",
                "Invalid method for URL (" + what + "): use " + allowed).withHeader(HttpHeaders.ALLOW, allowed);
    }
}
