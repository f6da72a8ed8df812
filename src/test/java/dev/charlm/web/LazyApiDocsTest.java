package dev.charlm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The OpenAPI description is built on its first request, not at start-up, and still answers. */
@SpringBootTest
@AutoConfigureMockMvc
class LazyApiDocsTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @Autowired
    ConfigurableListableBeanFactory factory;

    @Autowired
    MockMvc mvc;

    @Test
    void springdocIsCreatedOnTheFirstRequestForTheApiDescription() throws Exception {
        String[] names = factory.getBeanNamesForType(OpenApiWebMvcResource.class, true, false);
        assertThat(names).hasSize(1);
        assertThat(factory.getBeanDefinition(names[0]).isLazyInit()).isTrue();
        assertThat(factory.containsSingleton(names[0])).as("created at start-up").isFalse();

        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andExpect(jsonPath("$.info.title").value("CharLM"));
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());

        assertThat(factory.containsSingleton(names[0])).isTrue();
    }
}
