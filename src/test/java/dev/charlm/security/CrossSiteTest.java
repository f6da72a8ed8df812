package dev.charlm.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
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

/** With allowed-origins and allowed-hosts set: CORS for the listed origin only, CSRF refused, foreign Host refused. */
@SpringBootTest
@AutoConfigureMockMvc
class CrossSiteTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.security.allowed-origins", () -> "https://ok.example");
        r.add("charlm.security.allowed-hosts", () -> "localhost,charlm.internal");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void aListedOriginGetsCorsHeaders() throws Exception {
        mvc.perform(get("/models").header("Origin", "https://ok.example"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "https://ok.example"));
        mvc.perform(options("/models").header("Origin", "https://ok.example").header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization,content-type"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "https://ok.example"));
    }

    @Test
    void anotherOriginGetsNone() throws Exception {
        mvc.perform(get("/models").header("Origin", "https://evil.example"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        mvc.perform(options("/models").header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }

    @Test
    void aWriteFromAForeignPageIs403Problem() throws Exception {
        mvc.perform(post("/corpora").header("Origin", "https://evil.example").contentType(MediaType.TEXT_PLAIN).content("x\n"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Cross-site request refused"));
        mvc.perform(post("/corpora").header("Origin", "null").contentType(MediaType.TEXT_PLAIN).content("x\n"))
                .andExpect(status().isForbidden());
        // same host, another port: another origin
        mvc.perform(post("/corpora").header("Origin", "http://localhost:8081").contentType(MediaType.TEXT_PLAIN).content("x\n"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aWriteFromItsOwnOriginOrAListedOneGoesThrough() throws Exception {
        mvc.perform(post("/corpora").header("Origin", "http://localhost").contentType(MediaType.TEXT_PLAIN).content("own\n"))
                .andExpect(status().isCreated());
        mvc.perform(post("/corpora").header("Origin", "https://ok.example").contentType(MediaType.TEXT_PLAIN).content("listed\n"))
                .andExpect(status().isCreated());
        mvc.perform(post("/corpora").contentType(MediaType.TEXT_PLAIN).content("curl\n"))
                .andExpect(status().isCreated());
    }

    @Test
    void aForeignHostIs421ProblemAgainstDnsRebinding() throws Exception {
        mvc.perform(get("/models").header("Host", "evil.example"))
                .andExpect(status().isMisdirectedRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(421));
        mvc.perform(get("/models").header("Host", "charlm.internal:8080")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health").header("Host", "10.0.0.7:8080")).andExpect(status().isOk());
    }
}
