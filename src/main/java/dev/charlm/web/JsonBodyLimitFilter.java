package dev.charlm.web;

import dev.charlm.config.CharLmProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON request bodies of at most {@code charlm.web.max-json-body}: one whose Content-Length says more is
 * refused with 413 before a byte of it is read; a chunked one is counted as it is read and refused with
 * 413 at the first byte over the limit, so no JSON body larger than the limit is ever held in memory.
 * Corpus uploads (text and multipart) have their own limit, {@code charlm.corpus.max-size}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)   // after the security filters (a refused request is not read at all)
class JsonBodyLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final JsonMapper json;

    /** Without the properties (a test slice), the default limit. */
    JsonBodyLimitFilter(ObjectProvider<CharLmProperties> properties, JsonMapper json) {
        CharLmProperties p = properties.getIfAvailable();
        this.limit = (p != null ? p.web().maxJsonBody() : DataSize.ofMegabytes(1)).toBytes();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isJson(request.getContentType())) {
            chain.doFilter(request, response);
        } else if (request.getContentLengthLong() > limit) {
            writeTooLarge(request, response);
        } else {
            chain.doFilter(new Limited(request, limit), response);
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType t = MediaType.parseMediaType(contentType);
            return t.getSubtype().equals("json") || t.getSubtype().endsWith("+json");
        } catch (IllegalArgumentException e) {
            return false;   // Spring MVC answers 415 for it
        }
    }

    private void writeTooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", "Request body too large");
        body.put("status", HttpStatus.CONTENT_TOO_LARGE.value());
        body.put("detail", detail(limit));
        body.put("instance", request.getRequestURI());
        body.put("limitBytes", limit);
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setHeader("Connection", "close");   // the unread body is not worth draining
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }

    private static String detail(long limit) {
        return "a JSON request body may have at most " + limit + " bytes (charlm.web.max-json-body)";
    }

    /** A chunked body grew past the limit while it was read: 413, through the problem+json advice. */
    static final class JsonBodyTooLargeException extends ErrorResponseException {

        JsonBodyTooLargeException(long limit) {
            super(HttpStatus.CONTENT_TOO_LARGE);
            setTitle("Request body too large");
            setDetail(detail(limit));
            getBody().setProperty("limitBytes", limit);
        }
    }

    /** The request with its body stream counted against the limit. */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new JsonBodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
