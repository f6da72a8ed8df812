package dev.charlm.ollama;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.stereotype.Component;

/**
 * Spring Boot's form-content filter, except on {@code /api/}: there it would read the JSON body of
 * {@code curl -X DELETE .../api/delete -d '{...}'} (sent as a form) as form fields and leave nothing for
 * {@link RequestBodies}. Declaring it replaces Boot's own, which is only made when there is none.
 */
@Component
class ApiFormContentFilter extends OrderedFormContentFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }
}
