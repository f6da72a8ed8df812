package dev.charlm.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web console in a real browser. For now: the browser itself, against a page the service already
 * serves. Screenshots go to target/screenshots/ (and failed-<test>.png when a step fails).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    @TempDir
    static Path data;
    @TempDir
    static Path scratch;

    static Browser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @BeforeAll
    static void start(@LocalServerPort int port) throws IOException {
        browser = Browser.start("http://localhost:" + port, Files.createDirectories(scratch.resolve("chromium-profile")));
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.close();
        }
    }

    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @Test
    @Order(0)
    void theBrowserLoadsAPageOfTheServiceAndSavesAScreenshot() throws IOException {
        browser.open("/actuator/health");
        assertThat(browser.visible("body").getText()).contains("\"UP\"");
        browser.open("/swagger-ui.html");
        assertThat(browser.visible(".swagger-ui .info .title").getText()).contains("CharLM");
        assertThat(browser.foreignReferences()).isEmpty();
        browser.screenshot("swagger-ui");
        byte[] png = Files.readAllBytes(Browser.SCREENSHOTS.resolve("swagger-ui.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(browser.requestedUrls()).isNotEmpty().allMatch(u -> u.startsWith(browser.origin() + "/"))
                .anyMatch(u -> u.endsWith("/v3/api-docs") || u.contains("/v3/api-docs?"));
    }
}
