package dev.charlm.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.corpus.CorpusNotFoundException;
import dev.charlm.training.ModelNotFoundException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/** The boundary check turns a malformed id into the domain's 404 before any handler (and store) runs. */
class IdCheckTest {

    private final IdCheck check = new IdCheck();

    private boolean pass(String pattern, String id) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("id", id));
        return check.preHandle(request, new MockHttpServletResponse(), new Object());
    }

    @Test
    void wellFormedIdsPass() {
        assertThat(pass("/models/{id}", "m-3kq7x2p9ta")).isTrue();
        assertThat(pass("/models/{id}/file", "m-abcdefghij")).isTrue();
        assertThat(pass("/corpora/{id}", "c-3kq7x2p9ta")).isTrue();
        assertThat(pass("/corpora/{id}", "jaychou")).isTrue();
    }

    @Test
    void malformedModelIdsAreNotFound() {
        for (String id : new String[]{"../etc", "m-abc", "m-ABCDEFGHIJ", "m-abcdefghij/..", "m-abcdefghijk", "m-abcdefghi\\", ""}) {
            assertThatThrownBy(() -> pass("/models/{id}/file", id)).as(id).isInstanceOf(ModelNotFoundException.class);
        }
    }

    @Test
    void malformedCorpusIdsAreNotFound() {
        for (String id : new String[]{"..", "c-../../x", "Jaychou", "a.txt", "c-abc", "x".repeat(33)}) {
            assertThatThrownBy(() -> pass("/corpora/{id}", id)).as(id).isInstanceOf(CorpusNotFoundException.class);
        }
    }
}
