package dev.charlm.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.web.util.UrlPathHelper;

/** The request paths the security rules name. */
final class Paths {

    /** A model's weights: the model file, or an export of it. */
    private static final Pattern MODEL_FILE = Pattern.compile("/models/[^/]+/(file|export)");
    private static final Pattern JOB_EVENTS = Pattern.compile("/models/[^/]+/events");

    private Paths() {
    }

    /** The path inside the application, decoded as Spring MVC decodes it to match ("fil%65" is "file"). */
    static String of(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    static boolean isSafeMethod(HttpServletRequest request) {
        String m = request.getMethod();
        return m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS");
    }

    static boolean isHealth(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    static boolean isModelFile(String path) {
        return MODEL_FILE.matcher(path).matches();
    }

    static boolean isJobEvents(String path) {
        return JOB_EVENTS.matcher(path).matches();
    }

    static boolean isSwaggerUi(String path) {
        return path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/");
    }

    /** The console's own files and the API's documentation: they hold no data, and the console must load to ask for the token. */
    static boolean isStaticOrDocs(String path) {
        return path.equals("/") || path.equals("/index.html") || path.equals("/console.css") || path.equals("/favicon.ico")
                || path.startsWith("/js/") || path.startsWith("/webjars/")
                || isSwaggerUi(path) || path.equals("/v3/api-docs") || path.startsWith("/v3/api-docs/");
    }
}
