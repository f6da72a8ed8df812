package dev.charlm.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.NoAlertPresentException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A CharLM with a token and protected reads: the console loads, asks for the token once, and keeps it for the tab. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleTokenBrowserTest {

    @TempDir
    static Path data;
    @TempDir
    static Path scratch;

    static Browser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.security.api-token", () -> "console-token");
        r.add("charlm.security.protect-reads", () -> "true");
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

    @Test
    void theConsoleAsksForTheTokenOnceAndKeepsItForTheTab() {
        browser.open("/");
        Alert prompt = browser.await("the token prompt", Duration.ofSeconds(20), ConsoleTokenBrowserTest::alert);
        prompt.sendKeys("console-token");
        prompt.accept();
        browser.field("Status");
        assertThat(browser.alerts()).as("errors on the Runs page once the token is given").isEmpty();
        assertThat(browser.js("return sessionStorage.getItem('charlm.token');")).isEqualTo("console-token");

        browser.open("/#/new");
        browser.field("Corpus");
        assertThat(alert(browser.driver())).as("a second prompt").isNull();
        assertThat(browser.alerts()).as("errors on the New run page").isEmpty();
    }

    private static Alert alert(org.openqa.selenium.WebDriver d) {
        try {
            return d.switchTo().alert();
        } catch (NoAlertPresentException e) {
            return null;
        }
    }
}
