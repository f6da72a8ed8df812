package dev.charlm.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the container forwards to /error, e.g. a filter's sendError, is problem+json, even for a browser. */
class ProblemErrorControllerTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aForwardedErrorBecomesAProblemWithItsStatusAndTheOriginalPath() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.addHeader("Accept", "text/html");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 413);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/corpora");
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("/srv/secret/path in dev.charlm.Thing"));

        ResponseEntity<byte[]> r = new ProblemErrorController().error(request);

        assertThat(r.getStatusCode().value()).isEqualTo(413);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode p = json.readTree(new String(r.getBody(), StandardCharsets.UTF_8));
        assertThat(p.get("status").asInt()).isEqualTo(413);
        assertThat(p.get("title").asString()).isEqualTo("Content Too Large");
        assertThat(p.get("detail").asString()).isEqualTo("the request is too large");
        assertThat(p.get("instance").asString()).isEqualTo("/corpora");
        assertThat(p.toString()).doesNotContain("/srv/secret", "dev.charlm", "IllegalState");
    }

    @Test
    void askingForErrorItselfIsANotFoundProblem() {
        ResponseEntity<byte[]> r = new ProblemErrorController().error(new MockHttpServletRequest("GET", "/error"));
        assertThat(r.getStatusCode().value()).isEqualTo(404);
        assertThat(json.readTree(r.getBody()).get("instance").asString()).isEqualTo("/error");
    }
}
