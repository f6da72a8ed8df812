package dev.charlm.web;

import org.springframework.http.HttpStatus;

/**
 * The title and detail of an error the servlet container raises itself (a malformed URI, an unknown path, a
 * wrong method, an oversized header), whether Tomcat's valve or the {@code /error} page renders it. The
 * detail is fixed per status: the container's own message and exception may name classes or paths.
 */
record ContainerProblem(int status, String title, String detail) {

    static ContainerProblem of(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 400 -> "the request is malformed (its URI, a header or their encoding) and was refused before it reached "
                    + "the API; a path may not contain encoded slashes, backslashes, NUL or other control characters";
            case 404 -> "no resource at this path";
            case 405 -> "this method is not supported at this path";
            case 406 -> "no acceptable representation; errors are application/problem+json";
            case 408 -> "the request took too long to arrive";
            case 413 -> "the request is too large";
            case 414 -> "the URI is too long";
            case 415 -> "the content type is not supported at this path";
            case 431 -> "the request's headers are too large";
            case 500 -> "an unexpected error occurred; the server log has the details";
            case 503 -> "the service is unavailable; try again later";
            default -> status >= 500 ? "the server could not complete the request" : "the request was refused";
        };
        return new ContainerProblem(status, title, detail);
    }

    /** RFC 9457 as Spring renders a {@code ProblemDetail}: same members, same order, {@code type} left at about:blank. */
    String json(String instance) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"detail\":");
        quote(sb, detail);
        if (instance != null) {
            sb.append(",\"instance\":");
            quote(sb, instance);
        }
        sb.append(",\"status\":").append(status).append(",\"title\":");
        quote(sb, title);
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '<' -> sb.append("\\u003c");   // harmless in JSON, and never markup if a browser sniffs it
                case '>' -> sb.append("\\u003e");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
