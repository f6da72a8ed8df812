package dev.charlm.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code /error} page as problem+json, whatever the request accepted, in the place of Spring Boot's
 * {@code BasicErrorController} (its JSON is not RFC 9457, and it answers HTML to browsers). The container
 * forwards here what goes wrong outside Spring MVC's handlers, e.g. {@code sendError} from a filter; the
 * advice renders everything else.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // a client asking for /error itself gets what any unknown path gets
        int status = code instanceof Integer i && i >= 400 ? i : 404;
        if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            LOG.error("Error outside the handlers on {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), t);
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = uri instanceof String s ? s : request.getRequestURI();
        // a preset content type is written as it is, whatever the request's Accept
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ContainerProblem.of(status).json(instance).getBytes(StandardCharsets.UTF_8));
    }
}
