package dev.charlm.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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

/** CHARLM_API_TOKEN (here as a property of the same name, which is where an environment variable lands) sets the token. */
@SpringBootTest
@AutoConfigureMockMvc
class TokenFromEnvironmentTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("CHARLM_API_TOKEN", () -> "from-the-environment");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void theEnvironmentsTokenIsTheOneAsked() throws Exception {
        mvc.perform(post("/corpora").contentType(MediaType.TEXT_PLAIN).content("x\n")).andExpect(status().isUnauthorized());
        mvc.perform(post("/corpora").header("Authorization", "Bearer from-the-environment").contentType(MediaType.TEXT_PLAIN).content("x\n"))
                .andExpect(status().isCreated());
    }
}
