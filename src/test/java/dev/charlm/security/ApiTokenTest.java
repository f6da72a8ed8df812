package dev.charlm.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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

/** With a token and reads left open: writes and model downloads need the token, reads and health do not. */
@SpringBootTest
@AutoConfigureMockMvc
class ApiTokenTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.security.api-token", () -> "s3cret-token");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void aWriteWithoutTheTokenIs401ProblemWithABearerChallenge() throws Exception {
        mvc.perform(post("/corpora").contentType(MediaType.TEXT_PLAIN).content("some text\n"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"charlm\""))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.title").value("Unauthorized"));
    }

    @Test
    void aWrongTokenIs401() throws Exception {
        mvc.perform(post("/corpora").header("Authorization", "Bearer s3cret-tokem").contentType(MediaType.TEXT_PLAIN).content("x\n"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("the API token is wrong"));
        mvc.perform(post("/corpora").header("Authorization", "Bearer s3cret-token-and-more").contentType(MediaType.TEXT_PLAIN).content("x\n"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void theRightTokenLetsAWriteThrough() throws Exception {
        mvc.perform(post("/corpora").header("Authorization", "Bearer s3cret-token").contentType(MediaType.TEXT_PLAIN).content("some text\n"))
                .andExpect(status().isCreated());
    }

    @Test
    void aDeleteNeedsTheTokenToo() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/corpora/c-abcdefghij"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void theTokenIsNotTakenFromTheQueryOfAWrite() throws Exception {
        mvc.perform(post("/corpora").param("access_token", "s3cret-token").contentType(MediaType.TEXT_PLAIN).content("x\n"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aModelDownloadNeedsTheToken() throws Exception {
        mvc.perform(get("/models/m-abcdefghij/file")).andExpect(status().isUnauthorized());
        mvc.perform(get(java.net.URI.create("/models/m-abcdefghij/fil%65"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/models/m-abcdefghij/file").header("Authorization", "Bearer s3cret-token")).andExpect(status().isNotFound());
    }

    @Test
    void readsHealthAndTheScrapeStayOpenWhenReadsAreNotProtected() throws Exception {
        mvc.perform(get("/models")).andExpect(status().isOk());
        mvc.perform(get("/corpora")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
    }
}
