package dev.charlm.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report as problem+json instead of its HTML page. It renders what the container refuses before
 * Spring sees the request (an encoded slash or NUL in the path, an oversized header); everything that reaches
 * the application is rendered there, so this only acts when nothing has been written yet.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    /** A refused URI is echoed as the instance, but not beyond this. */
    static final int MAX_INSTANCE = 2048;

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // the same guards as Tomcat's own report: an error status, nothing written, not reported already, I/O allowed
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String body = ContainerProblem.of(status).json(instance(request));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more to tell it
        }
    }

    private static String instance(Request request) {
        String uri = request.getRequestURI();
        if (uri == null || uri.isEmpty()) {
            return null;
        }
        return uri.length() > MAX_INSTANCE ? uri.substring(0, MAX_INSTANCE) + "..." : uri;
    }
}
