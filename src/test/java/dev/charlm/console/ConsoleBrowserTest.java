package dev.charlm.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charlm.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The web console in a real browser, as the issue describes it: open the console, upload a small corpus,
 * start a tiny job from the form and wait until the chart has points and the status reads COMPLETED;
 * generate after 分开 in the playground and see streamed text appear; compare two runs; fit a phone;
 * reach Generate by keyboard; fetch nothing from outside. The methods run in order and share the runs.
 * Screenshots go to target/screenshots/ (and failed-<test>.png when a step fails).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    /** Long enough for the tiny runs below on 2 busy cores; they take a few seconds on a quiet one. */
    static final Duration TRAINING = Duration.ofSeconds(60);
    /** A 200-character sample of a tiny model streams in well under a second; this allows for a loaded machine. */
    static final Duration STREAMING = Duration.ofSeconds(20);
    static final String LYRICS = lyrics();

    @TempDir
    static Path data;
    @TempDir
    static Path scratch;

    static Browser browser;
    static Http http;
    /** What the ordered steps hand on: the corpus uploaded in the form, the run trained from it, the run posted over the API. */
    static String corpus;
    static String first;
    static String second;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @BeforeAll
    static void start(@LocalServerPort int port) throws IOException {
        http = new Http(port);
        browser = Browser.start("http://localhost:" + port, Files.createDirectories(scratch.resolve("chromium-profile")));
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.close();
        }
    }

    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = Browser.screenshotOnFailure(() -> browser);

    @Test
    @Order(0)
    void theBrowserLoadsAPageOfTheServiceAndSavesAScreenshot() throws IOException {
        browser.open("/actuator/health");
        assertThat(browser.visible("body").getText()).contains("\"UP\"");
        browser.open("/swagger-ui.html");
        assertThat(browser.visible(".swagger-ui .info .title").getText()).contains("CharLM");
        assertThat(browser.visible(".swagger-ui .opblock-tag")).isNotNull();   // rendered under its CSP, operations and all
        assertThat(browser.cspViolations()).as("Swagger UI under its Content-Security-Policy").isEmpty();
        assertThat(browser.foreignReferences()).isEmpty();
        browser.screenshot("swagger-ui");
        byte[] png = Files.readAllBytes(Browser.SCREENSHOTS.resolve("swagger-ui.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(browser.requestedUrls()).isNotEmpty().allMatch(u -> u.startsWith(browser.origin() + "/"))
                .anyMatch(u -> u.endsWith("/v3/api-docs") || u.contains("/v3/api-docs?"));
    }

    @Test
    @Order(1)
    void theRunsPageIsWhereTheConsoleOpens() {
        browser.open("/");
        browser.field("Status");
        browser.link("New run");
        browser.link("Playground");
        browser.link("Runs");
        assertThat(browser.hash()).isIn("", "#/runs");
        assertThat(browser.alerts()).as("errors on the Runs page").isEmpty();
    }

    @Test
    @Order(2)
    void aCorpusUploadedFromTheFormBecomesTheSelectedCorpus() throws IOException {
        browser.link("New run").click();
        browser.await("the New run page", d -> browser.hash().equals("#/new"));
        List<String> before = browser.options("Corpus");
        Path file = Files.writeString(scratch.resolve("fenkai.txt"), LYRICS, StandardCharsets.UTF_8);
        browser.field("Upload a corpus").sendKeys(file.toAbsolutePath().toString());
        corpus = browser.await("the uploaded corpus selected in Corpus", d -> {
            String selected = browser.field("Corpus").getDomProperty("value");
            return selected == null || selected.isEmpty() || before.contains(selected) ? null : selected;
        });
        JsonNode stored = http.json(http.get("/corpora/" + corpus));
        assertThat(stored.get("chars").asLong()).isEqualTo(LYRICS.codePointCount(0, LYRICS.length()));
    }

    @Test
    @Order(3)
    void aRefusedRunShowsTheErrorBesideTheFieldAndStaysOnTheForm() {
        assumeTrue(corpus != null, "needs the New run form with the uploaded corpus");
        browser.type("Hidden size", "0");
        browser.button("Train").click();
        browser.await("a message beside Hidden size", d -> !browser.visible("[data-error-for=\"hiddenSize\"]").getText().isBlank());
        assertThat(browser.hash()).isEqualTo("#/new");
        assertThat(http.json(http.get("/models")).size()).as("models after a refused run").isZero();
    }

    @Test
    @Order(4)
    void aTinyRunStartedFromTheFormCompletesWithPointsOnItsChart() {
        assumeTrue(corpus != null, "needs the corpus uploaded from the form");
        browser.choose("Corpus", corpus);
        browser.choose("Cell", "gru");
        browser.type("Layers", "1");
        browser.type("Hidden size", "32");
        browser.type("Sequence length", "16");
        browser.type("Batch size", "8");
        browser.type("Epochs", "20");
        browser.type("Sample prefixes", "分开");
        browser.button("Train").click();
        first = browser.await("the run page of the new run", d -> modelOf(browser.hash()));

        awaitCompleted(first);
        browser.pageScreenshot("console-run", 1500);
        assertThat(browser.alerts()).as("errors on the run page").isEmpty();
        JsonNode config = http.json(http.get("/models/" + first)).get("config");
        assertThat(config.get("corpus").asString()).isEqualTo(corpus);
        assertThat(config.get("cell").asString()).isEqualTo("gru");
        assertThat(config.get("hiddenSize").asInt()).isEqualTo(32);
        assertThat(config.get("seqLength").asInt()).isEqualTo(16);
        assertThat(config.get("batchSize").asInt()).isEqualTo(8);
        assertThat(config.get("epochs").asInt()).isEqualTo(20);
        assertThat(config.get("samplePrefixes").get(0).asString()).isEqualTo("分开");
    }

    @Test
    @Order(5)
    void thePlaygroundOfTheRunStreamsTextAfterAPrefixAndScoresText() {
        assumeTrue(first != null, "needs the run trained from the form");
        browser.open("/#/models/" + first);
        browser.type("Prefix", "分开");
        browser.type("Length", "200");
        browser.button("Generate").click();
        awaitSample("[data-testid=\"sample-output\"]", 1);
        browser.await("the sample finished", d -> browser.button("Generate").isEnabled());
        browser.elementScreenshot("console-playground", "section.playground");

        browser.type("Text to score", "分开的时候 我会一直在这里");
        browser.button("Score").click();
        browser.await("bits/char in the score", d -> browser.visible("[data-testid=\"score-result\"]").getText().contains("bits/char"));
    }

    @Test
    @Order(6)
    void twoRunsCompareByTheirDifferingOptionsPerplexityAndSamples() {
        assumeTrue(first != null, "needs the run trained from the form");
        HttpResponse<String> posted = http.postJson("/models", """
                {"corpus": "%s", "cell": "rnn", "hiddenSize": 16, "seqLength": 16, "batchSize": 8, "epochs": 20}
                """.formatted(corpus));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        second = http.json(posted).get("id").asString();
        JsonNode done = http.awaitStatus("/models/" + second, TRAINING, "COMPLETED", "FAILED", "CANCELLED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");

        browser.open("/#/runs");
        for (String id : List.of(first, second)) {
            browser.await(id + " listed as COMPLETED",
                    d -> browser.visible("tr[data-id=\"" + id + "\"] td[data-col=\"status\"]").getText().contains("COMPLETED"));
        }
        browser.pageScreenshot("console-runs", 800);
        browser.visible("input[type=\"checkbox\"][aria-label=\"Select " + first + "\"]").click();
        browser.visible("input[type=\"checkbox\"][aria-label=\"Select " + second + "\"]").click();
        browser.button("Compare").click();
        browser.await("the compare page of both runs", d -> browser.hash().startsWith("#/compare?ids=")
                && browser.hash().contains(first) && browser.hash().contains(second));

        browser.await("points on the compare chart", d -> points("[role=\"img\"][aria-label^=\"perplexity of \"]") > 0);
        List<String> differing = browser.await("hiddenSize and cell in the diff table", d -> {
            List<String> names = browser.visible("[data-testid=\"diff-table\"]").findElements(By.cssSelector("tbody tr")).stream()
                    .map(row -> row.findElement(By.cssSelector("th, td")).getText().trim()).toList();
            return names.containsAll(List.of("hiddenSize", "cell")) ? names : null;
        });
        assertThat(differing).as("options both runs share").doesNotContain("seqLength", "batchSize", "epochs", "corpus");

        browser.type("Prefix", "分开");
        browser.button("Generate").click();
        awaitSample("[data-testid=\"compare-sample\"]", 2);
        browser.pageScreenshot("console-compare", 1600);
    }

    @Test
    @Order(7)
    void theRunsPageFitsAPhoneWithoutScrollingSideways() {
        assumeTrue(first != null, "needs the run trained from the form");
        browser.resize(390, 844);
        try {
            browser.open("/#/runs");
            browser.visible("tr[data-id=\"" + first + "\"]");
            long inner = ((Number) browser.js("return window.innerWidth;")).longValue();
            assertThat(inner).as("the window's width after resizing").isLessThanOrEqualTo(400);
            long scroll = ((Number) browser.js("return document.documentElement.scrollWidth;")).longValue();
            browser.pageScreenshot("console-runs-phone", 844);
            assertThat(scroll).as("page width at a window %d px wide (a wide table scrolls in its own box)", inner)
                    .isLessThanOrEqualTo(inner + 1);
        } finally {
            browser.resize(1280, 800);
        }
    }

    @Test
    @Order(8)
    void generateIsReachableFromPrefixByTabAndRunsOnEnter() {
        assumeTrue(first != null, "needs the run trained from the form");
        browser.open("/#/models/" + first);
        WebElement prefix = browser.field("Prefix");
        browser.type("Prefix", "分开");
        WebElement generate = browser.button("Generate");
        prefix.click();
        for (int tabs = 0; tabs < 30 && !browser.driver().switchTo().activeElement().equals(generate); tabs++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        }
        assertThat(browser.driver().switchTo().activeElement()).as("focus after tabbing from Prefix").isEqualTo(generate);
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        awaitSample("[data-testid=\"sample-output\"]", 1);
    }

    @Test
    @Order(9)
    void theConsoleFetchesNothingFromOutside() {
        SoftAssertions softly = new SoftAssertions();
        for (String route : List.of("/", "/#/new", "/#/playground", "/#/models/" + first, "/#/compare?ids=" + first + "," + second)) {
            browser.open(route);
            browser.visible("body");
            softly.assertThat(browser.foreignReferences()).as("scripts, styles and images of " + route).isEmpty();
        }
        softly.assertThat(browser.requestedUrls()).as("every request of the session")
                .allMatch(u -> u.startsWith(browser.origin() + "/"));
        softly.assertThat(browser.cspViolations()).as("Content-Security-Policy violations of the session").isEmpty();
        softly.assertAll();
    }

    /** Waits on the run page until {@code id} reads COMPLETED (failing at once on FAILED) and its chart has points. */
    private static void awaitCompleted(String id) {
        String status = browser.await(id + " to finish", TRAINING, d -> {
            String s = browser.visible("[data-testid=\"status\"]").getText();
            return s.contains("COMPLETED") || s.contains("FAILED") || s.contains("CANCELLED") ? s : null;
        });
        assertThat(status).contains("COMPLETED");
        browser.await("points on the chart of " + id, d -> points("[role=\"img\"][aria-label=\"perplexity of " + id + "\"]") > 0);
    }

    /** Waits until {@code count} elements matching {@code css} each hold more text than the prefix 分开. */
    private static void awaitSample(String css, int count) {
        browser.await(count + " streamed sample(s) in " + css, STREAMING, d -> {
            List<WebElement> samples = d.findElements(By.cssSelector(css));
            return samples.size() >= count && samples.stream().map(s -> s.getText().strip()).allMatch(t -> t.codePointCount(0, t.length()) > 2);
        });
    }

    /** The largest data-points among the charts matching {@code css}. */
    private static int points(String css) {
        return browser.driver().findElements(By.cssSelector(css)).stream()
                .map(c -> c.getDomAttribute("data-points"))
                .mapToInt(p -> p == null || !p.matches("\\d+") ? 0 : Integer.parseInt(p))
                .max().orElse(0);
    }

    private static String modelOf(String hash) {
        Matcher m = Pattern.compile("#/models/([^/?]+)").matcher(hash);
        return m.matches() ? m.group(1) : null;
    }

    /** A few KB of lyric-like lines, 分开 in most of them, so the vocabulary is small and 分开 is in it. */
    private static String lyrics() {
        String[] lines = {"不要再想你 分开的时候 我会一直在这里", "分开以后 我一个人 走在回家的路上", "我们说好不分开 你却先走了",
                "雨下个不停 分开的理由 你也不想懂", "我会一直在这里 等你回来 不分开"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 240; i++) {
            text.append(lines[i % lines.length]).append(i % 7 == 0 ? " 分开\n" : "\n");
        }
        return text.toString();
    }
}
