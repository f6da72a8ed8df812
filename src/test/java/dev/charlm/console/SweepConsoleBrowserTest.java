package dev.charlm.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The console's Sweeps pages in a real browser: a sweep of 9 tiny runs listed under Sweeps, its page ranking the
 * runs as the API does with the best marked and each run linking to its page, and Compare opening the compare
 * page with the best 8. Screenshots: target/screenshots/console-sweep.png (and failed-<test>.png).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SweepConsoleBrowserTest {

    static final Duration TRAINING = Duration.ofSeconds(120);

    @TempDir
    static Path data;
    @TempDir
    static Path scratch;

    static Browser browser;
    static Http http;

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
    void aSweepIsARankedTableOfItsRunsWithTheBestMarkedAndACompareLinkToTheBestEight() throws Exception {
        String corpus = http.uploadCorpus("the time traveller was expounding a recondite matter to us. ".repeat(200));
        HttpResponse<String> posted = http.postJson("/sweeps", """
                {"name": "shapes", "corpus": "%s", "base": {"seqLength": 16, "batchSize": 4, "maxSteps": 20, "evalEvery": 10, "evalChars": 200},
                 "grid": {"cell": ["rnn", "gru", "lstm"], "hiddenSize": [8, 12, 16]}}""".formatted(corpus));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String id = http.json(posted).get("id").asString();
        long end = System.nanoTime() + TRAINING.toNanos();
        JsonNode sweep = http.json(http.get("/sweeps/" + id));
        while (!sweep.get("status").asString().equals("COMPLETED")) {
            assertThat(System.nanoTime()).as("sweep did not complete: " + sweep).isLessThan(end);
            Thread.sleep(200);
            sweep = http.json(http.get("/sweeps/" + id));
        }
        List<String> ranked = new ArrayList<>();
        sweep.get("runs").forEach(r -> ranked.add(r.get("modelId").asString()));

        browser.open("/#/runs");
        browser.link("Sweeps").click();
        browser.await("the sweep listed", d -> browser.visible("[data-testid=\"sweeps-table\"] tr[data-id=\"" + id + "\"]").getText().contains("COMPLETED"));
        assertThat(browser.visible("[data-nav=\"sweeps\"]").getAttribute("aria-current")).isEqualTo("page");
        String listed = browser.visible("[data-testid=\"sweeps-table\"] tr[data-id=\"" + id + "\"]").getText();
        assertThat(listed).contains("shapes", "cell: \"rnn\", \"gru\", \"lstm\"", "9", sweep.get("runs").get(0).get("name").asString());

        browser.link("shapes").click();
        browser.await("the sweep's page", d -> browser.hash().equals("#/sweeps/" + id));
        List<WebElement> rows = browser.await("nine ranked runs", d -> {
            List<WebElement> r = d.findElements(By.cssSelector("[data-testid=\"sweep-runs\"] tbody tr"));
            return r.size() == 9 ? r : null;
        });
        assertThat(rows.stream().map(r -> r.getAttribute("data-id")).toList()).as("the API's ranking").isEqualTo(ranked);
        assertThat(rows.get(0).getAttribute("class")).isEqualTo("best");
        assertThat(rows.get(0).getText()).contains("★ best", sweep.get("runs").get(0).get("name").asString());
        assertThat(rows.subList(1, 9)).allSatisfy(r -> assertThat(r.getText()).doesNotContain("best"));
        for (int i = 0; i < rows.size(); i++) {
            JsonNode run = sweep.get("runs").get(i);
            WebElement row = rows.get(i);
            assertThat(row.findElement(By.cssSelector("a")).getAttribute("href")).endsWith("#/models/" + run.get("modelId").asString());
            assertThat(row.findElement(By.cssSelector("td[data-col=\"cell\"]")).getText()).isEqualTo(run.get("values").get("cell").asString());
            assertThat(row.findElement(By.cssSelector("td[data-col=\"hiddenSize\"]")).getText()).isEqualTo(run.get("values").get("hiddenSize").asString());
            assertThat(row.findElement(By.cssSelector("td[data-col=\"ppl\"]")).getText()).isNotEqualTo("–");
        }
        assertThat(browser.visible("main").getText()).contains("the best 8 of 9 runs");
        browser.pageScreenshot("console-sweep", 900);

        browser.visible("[data-testid=\"sweep-compare\"]").click();
        browser.await("the compare page of the best 8", d -> browser.hash().equals("#/compare?ids=" + String.join(",", ranked.subList(0, 8))));
        browser.await("the compare legend of 8 runs", d -> d.findElements(By.cssSelector(".run-legend li")).size() == 8);
        assertThat(browser.alerts()).isEmpty();
        assertThat(browser.cspViolations()).isEmpty();
        assertThat(browser.foreignReferences()).as("nothing fetched from outside").isEmpty();
    }
}
