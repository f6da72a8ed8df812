package dev.charlm.security;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The last line against leaking the host's layout: a problem's detail that names a file (a damaged model file,
 * an I/O error) says {@code <data-dir>} instead of the data directory's absolute path, and {@code ~} instead of
 * the user's home. The messages stay useful to whoever runs CharLM; the log keeps the full paths.
 */
@ControllerAdvice
class PathRedaction implements ResponseBodyAdvice<Object> {

    private final String dataDir;
    private final String home;

    PathRedaction(@Value("${charlm.data-dir:./data}") Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize().toString();
        this.home = System.getProperty("user.home", "");
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ProblemDetail p && p.getDetail() != null) {
            p.setDetail(redact(p.getDetail()));
        }
        return body;
    }

    String redact(String s) {
        String out = s.replace(dataDir, "<data-dir>");
        if (home.length() > 1) {
            out = out.replace(home + java.io.File.separator, "~" + java.io.File.separator);
        }
        return out;
    }

}
