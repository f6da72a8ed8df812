package dev.charlm.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** With protect-reads: every read needs the token, but health and the console's files, which must load to ask for it. */
@SpringBootTest
@AutoConfigureMockMvc
class ProtectReadsTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.security.api-token", () -> "s3cret-token");
        r.add("charlm.security.protect-reads", () -> "true");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void readsNeedTheToken() throws Exception {
        mvc.perform(get("/models")).andExpect(status().isUnauthorized()).andExpect(header().exists("WWW-Authenticate"));
        mvc.perform(get("/corpora")).andExpect(status().isUnauthorized());
        mvc.perform(get("/models").header("Authorization", "Bearer s3cret-token")).andExpect(status().isOk());
    }

    @Test
    void thePrometheusScrapeIsProtectedWithTheReads() throws Exception {
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer s3cret-token")).andExpect(status().isOk());
    }

    @Test
    void healthAndTheConsoleFilesStayOpen() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/index.html")).andExpect(status().isOk());
        mvc.perform(get("/js/api.js")).andExpect(status().isOk());
        mvc.perform(get("/js/token.js")).andExpect(status().isOk());
        mvc.perform(get("/console.css")).andExpect(status().isOk());
    }

    @Test
    void theJobEventStreamAloneTakesTheTokenAsAQueryParameter() throws Exception {
        // past the token check, an unknown model is a 404
        mvc.perform(get("/models/m-abcdefghij/events").param("access_token", "s3cret-token")).andExpect(status().isNotFound());
        mvc.perform(get("/models/m-abcdefghij/events").param("access_token", "wrong")).andExpect(status().isUnauthorized());
        mvc.perform(get("/models").param("access_token", "s3cret-token")).andExpect(status().isUnauthorized());
        mvc.perform(get("/models/m-abcdefghij").param("access_token", "s3cret-token")).andExpect(status().isUnauthorized());
    }
}
