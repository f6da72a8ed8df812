package dev.charlm.corpus;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.charlm.config.CharLmProperties;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(CorpusController.class)
@Import({CorpusService.class, CorpusDirectories.class, FileCorpusRepository.class, FileCorpusTexts.class, CorpusControllerTests.Config.class})
class CorpusControllerTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.corpus.max-size", () -> "1KB");
    }

    @TestConfiguration
    @EnableConfigurationProperties(CharLmProperties.class)
    static class Config {
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    CorpusService corpora;

    @Test
    void aTextPlainBodyBecomesACorpusWithItsStatistics() throws Exception {
        mvc.perform(post("/corpora").param("name", "歌词").contentType(MediaType.TEXT_PLAIN)
                        .content("分开 不分开\n我想要😀\n".getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/corpora/c-")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.name").value("歌词"))
                .andExpect(jsonPath("$.chars").value(12))
                .andExpect(jsonPath("$.distinctChars").value(9))
                .andExpect(jsonPath("$.lines").value(2))
                .andExpect(jsonPath("$.bytes").value(31))
                .andExpect(jsonPath("$.builtIn").value(false))
                .andExpect(jsonPath("$.sha256").isString());
    }

    @Test
    void aMultipartFileBecomesACorpusNamedAfterTheFile() throws Exception {
        mvc.perform(multipart("/corpora").file(new MockMultipartFile("file", "names.txt", "text/plain",
                        "aachenosaurus\naardonyx".getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("names"))
                .andExpect(jsonPath("$.lines").value(2));
    }

    @Test
    void invalidUtf8IsA400NamingTheByteOffsetAndStoresNothing() throws Exception {
        int before = corpora.list().size();
        mvc.perform(post("/corpora").contentType(MediaType.TEXT_PLAIN).content(new byte[] {'o', 'k', (byte) 0xC3, '(' }))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.byteOffset").value(3))
                .andExpect(jsonPath("$.detail").value(startsWith("text is not valid UTF-8 at byte offset 3")));
        org.assertj.core.api.Assertions.assertThat(corpora.list()).hasSize(before);
        try (var files = Files.list(data.resolve("corpora"))) {
            org.assertj.core.api.Assertions.assertThat(files.filter(f -> f.getFileName().toString().startsWith("."))).isEmpty();
        }
    }

    @Test
    void anEmptyCorpusIsA400() throws Exception {
        mvc.perform(post("/corpora").contentType(MediaType.TEXT_PLAIN).content(new byte[0]))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Bad request"))
                .andExpect(jsonPath("$.detail").value("the corpus is empty: upload at least one character of UTF-8 text"));
    }

    @Test
    void aCorpusOverTheLimitIsA413() throws Exception {
        mvc.perform(post("/corpora").contentType(MediaType.TEXT_PLAIN).content(new byte[2000]))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(413))
                .andExpect(jsonPath("$.title").value("Content too large"))
                .andExpect(jsonPath("$.detail").value(startsWith("the corpus has 2000 bytes, more than the limit of ")));
        mvc.perform(multipart("/corpora").file(new MockMultipartFile("file", "big.txt", "text/plain", new byte[2000])))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void anUnsupportedMediaTypeIsA415() throws Exception {
        mvc.perform(post("/corpora").contentType(MediaType.APPLICATION_XML).content("<text/>"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void getShowsAPreviewAndRefusesAnAbsurdOne() throws Exception {
        String id = corpora.create(new ByteArrayInputStream("hello world".getBytes(StandardCharsets.UTF_8)), "h", "x").id();
        mvc.perform(get("/corpora/" + id).param("preview", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.preview").value("hello"));
        mvc.perform(get("/corpora/" + id))
                .andExpect(jsonPath("$.preview").doesNotExist());
        mvc.perform(get("/corpora/" + id).param("preview", "-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("preview"));
        mvc.perform(get("/corpora/" + id).param("preview", "many"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("preview"));
        mvc.perform(get("/corpora")).andExpect(status().isOk()).andExpect(jsonPath("$[0].id").isString());
    }

    @Test
    void unknownCorporaAre404AndBuiltInsCannotBeDeleted() throws Exception {
        mvc.perform(get("/corpora/c-nothing"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Corpus not found"))
                .andExpect(jsonPath("$.detail").value("no corpus with id 'c-nothing'"));
        corpora.installBuiltIn("dinos", new ByteArrayInputStream("abc\n".getBytes(StandardCharsets.UTF_8)));
        mvc.perform(delete("/corpora/dinos"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.detail").value("'dinos' is a built-in corpus and cannot be deleted"));
        String id = corpora.create(new ByteArrayInputStream("bye".getBytes(StandardCharsets.UTF_8)), null, "x").id();
        mvc.perform(delete("/corpora/" + id)).andExpect(status().isNoContent());
        mvc.perform(get("/corpora/" + id)).andExpect(status().isNotFound());
    }
}
