package dev.charlm.security;

import dev.charlm.corpus.CorpusNotFoundException;
import dev.charlm.sweep.SweepNotFoundException;
import dev.charlm.training.ModelNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Every {@code {id}} of a path is checked once, here, before a controller or a store sees it: a model id is
 * what TrainingJobs makes ({@code m-} and ten of its letters and digits), a corpus id what CorpusService makes
 * ({@code c-} and ten) or a built-in corpus' name (lowercase letters), a sweep id what Sweeps makes ({@code s-} and ten). Anything else is the same 404 an unknown
 * id gets, without touching storage; so an id that reaches a store can never be a path (no '/', '.', '\').
 */
final class IdCheck implements HandlerInterceptor {

    static final Pattern MODEL_ID = Pattern.compile("m-[a-z2-9]{10}");
    static final Pattern CORPUS_ID = Pattern.compile("c-[a-z2-9]{10}|[a-z]{1,32}");
    static final Pattern SWEEP_ID = Pattern.compile("s-[a-z2-9]{10}");

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        @SuppressWarnings("unchecked")
        Map<String, String> vars = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String id = vars == null ? null : vars.get("id");
        if (pattern == null || id == null) {
            return true;
        }
        if (pattern.startsWith("/models/") && !MODEL_ID.matcher(id).matches()) {
            throw new ModelNotFoundException(id);
        }
        if (pattern.startsWith("/corpora/") && !CORPUS_ID.matcher(id).matches()) {
            throw new CorpusNotFoundException(id);
        }
        if (pattern.startsWith("/sweeps/") && !SWEEP_ID.matcher(id).matches()) {
            throw new SweepNotFoundException(id);
        }
        return true;
    }
}
