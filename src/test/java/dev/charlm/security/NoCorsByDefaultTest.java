package dev.charlm.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Out of the box: no CORS headers, foreign writes refused, any Host answered, the console's security headers. */
@SpringBootTest
@AutoConfigureMockMvc
class NoCorsByDefaultTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void noOriginGetsCorsHeaders() throws Exception {
        mvc.perform(get("/models").header("Origin", "https://evil.example"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        mvc.perform(options("/models").header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }

    @Test
    void aForeignPageCannotPostAFormOrTextPlain() throws Exception {
        mvc.perform(post("/corpora").header("Origin", "https://evil.example").contentType(MediaType.TEXT_PLAIN).content("x\n"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/models/m-abcdefghij/cancel").header("Origin", "https://evil.example"))
                .andExpect(status().isForbidden());
    }

    @Test
    void writesNeedNoTokenWhenNoneIsSet() throws Exception {
        mvc.perform(post("/corpora").contentType(MediaType.TEXT_PLAIN).content("x\n")).andExpect(status().isCreated());
    }

    @Test
    void theConsoleIsServedWithAStrictPolicy() throws Exception {
        mvc.perform(get("/index.html"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", SecurityHeadersFilter.CONSOLE_CSP))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"));
        mvc.perform(get("/js/app.js")).andExpect(header().string("Content-Security-Policy", SecurityHeadersFilter.CONSOLE_CSP));
    }

    @Test
    void theConsolePolicyHasNoInlineScriptsAndNoFraming() {
        org.assertj.core.api.Assertions.assertThat(SecurityHeadersFilter.CONSOLE_CSP)
                .contains("script-src 'self';", "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
    }

    @Test
    void swaggerUiGetsAPolicyThatAllowsItsInlineStylesButNoInlineScripts() throws Exception {
        org.assertj.core.api.Assertions.assertThat(SecurityHeadersFilter.SWAGGER_CSP).contains("script-src 'self';");
        mvc.perform(get("/swagger-ui/index.html"))
                .andExpect(header().string("Content-Security-Policy", SecurityHeadersFilter.SWAGGER_CSP));
    }
}
