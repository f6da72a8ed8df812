package dev.charlm.console;

import dev.charlm.support.RequiredBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's headless chromium, driven through Debian's chromedriver, pointed at one service. It finds
 * controls the way a person does (by their label or their words), waits explicitly for what a test
 * expects, saves screenshots, and remembers every URL the page requested so a test can tell that the
 * console fetched nothing from outside.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChromeDriver driver;
    private final String base;
    private final List<String> requested = new ArrayList<>();
    private final List<String> cspViolations = new ArrayList<>();

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** A test's extension that saves a screenshot named {@code failed-<test method>} when a test fails. */
    static TestWatcher screenshotOnFailure(Supplier<Browser> browser) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                Browser b = browser.get();
                if (b != null) {
                    b.screenshot("failed-" + context.getRequiredTestMethod().getName());
                }
            }
        };
    }

    /** Starts chromium with a fresh profile in {@code profile}; skips the test (fails it under CI) without chromium. */
    static Browser start(String base, Path profile) {
        RequiredBinary.require(CHROMIUM, "chromium");
        RequiredBinary.require(CHROMEDRIVER, "chromium-driver");
        // Selenium Manager would download a driver and a browser; the explicit paths below already skip it, and
        // SE_OFFLINE (it passes SE_* system properties to its binary as environment) keeps it offline should it run.
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);   // the console's messages, where Chromium reports CSP violations
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        return new Browser(new ChromeDriver(service, options), base);
    }

    /** Loads {@code path} (e.g. "/#/runs") afresh: through about:blank, so that a change of hash alone still reloads. */
    void open(String path) {
        collectRequests();   // chromedriver buffers its log until read: read it page by page
        driver.get("about:blank");
        driver.get(base + path);
    }

    WebDriver driver() {
        return driver;
    }

    /** Waits up to {@code timeout} until {@code condition} answers something other than null or false. */
    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        // the console may re-render a view while the test polls it: a stale element means "not yet", not failure
        return new WebDriverWait(driver, timeout).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition);
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, PATIENCE, condition);
    }

    /**
     * The visible control labelled {@code label}: the element a {@code <label for>} names, or the control inside
     * the label. The label's own text is compared, so a select nested in its label (whose options add text) matches.
     * A closed {@code <details>} around it is opened.
     */
    WebElement field(String label) {
        String text = "'" + label + "'";
        By labels = By.xpath("//label[normalize-space()=" + text + " or normalize-space(text())=" + text + "]");
        return await("a field labelled '" + label + "'", d -> {
            for (WebElement l : d.findElements(labels)) {
                String id = l.getDomAttribute("for");
                List<WebElement> control = id == null || id.isBlank()
                        ? l.findElements(By.cssSelector("input, select, textarea"))
                        : d.findElements(By.id(id));
                if (control.isEmpty()) {
                    continue;
                }
                // opens a closed <details> ("Advanced") around the field, as a person would before typing in it
                js("for (let d = arguments[0].closest('details:not([open])'); d; d = d.parentElement.closest('details:not([open])')) d.open = true;", l);
                // a file input is often hidden behind its label: the label being visible is enough
                if (l.isDisplayed() || control.get(0).isDisplayed()) {
                    return control.get(0);
                }
            }
            return null;
        });
    }

    /** Types {@code value} into the labelled field in place of what it held. */
    void type(String label, String value) {
        WebElement input = field(label);
        input.clear();
        input.sendKeys(value);
    }

    /** Chooses the option of the labelled select whose value (attribute or, without one, its text) is {@code value}. */
    void choose(String label, String value) {
        WebElement option = await("option '" + value + "' of '" + label + "'", d -> field(label).findElements(By.tagName("option")).stream()
                .filter(o -> value.equals(o.getDomProperty("value"))).findFirst().orElse(null));
        new Select(field(label)).selectByIndex(Integer.parseInt(option.getDomProperty("index")));
    }

    /** The values of the labelled select's options, once it has some. */
    List<String> options(String label) {
        return await("options in '" + label + "'", d -> {
            List<String> values = field(label).findElements(By.tagName("option")).stream().map(o -> o.getDomProperty("value")).toList();
            return values.isEmpty() ? null : values;
        });
    }

    /** The enabled, visible button that says {@code words} (its text or its aria-label). */
    WebElement button(String words) {
        By by = By.xpath("//button[normalize-space()='" + words + "' or @aria-label='" + words + "']");
        return await("an enabled button '" + words + "'",
                d -> d.findElements(by).stream().filter(b -> b.isDisplayed() && b.isEnabled()).findFirst().orElse(null));
    }

    WebElement link(String words) {
        By by = By.xpath("//a[normalize-space()='" + words + "']");
        return await("a link '" + words + "'", d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** The first visible element matching {@code css}, once there is one. */
    WebElement visible(String css) {
        return await("a visible " + css, d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** The texts of the page's error messages (role="alert") that show something. */
    List<String> alerts() {
        return driver.findElements(By.cssSelector("[role=\"alert\"]")).stream().map(WebElement::getText).filter(t -> !t.isBlank()).toList();
    }

    String hash() {
        return (String) js("return location.hash;");
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the window shows to target/screenshots/{name}.png. */
    void screenshot(String name) {
        save(name, driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Saves the whole page, not just the window, down to at most {@code maxHeight} CSS pixels, through
     * Chrome's DevTools screenshot (the README shows these).
     */
    void pageScreenshot(String name, int maxHeight) {
        Number width = (Number) js("return document.documentElement.clientWidth;");
        Number height = (Number) js("return Math.min(arguments[0], document.documentElement.scrollHeight);", maxHeight);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width.intValue(), "height", height.intValue(), "scale", 1)));
        save(name, Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** Saves the part of the page that the element {@code css} covers, also where it reaches past the window. */
    @SuppressWarnings("unchecked")
    void elementScreenshot(String name, String css) {
        Map<String, Object> box = (Map<String, Object>) js("""
                const r = document.querySelector(arguments[0]).getBoundingClientRect();
                return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height};""", css);
        Map<String, Object> clip = new java.util.HashMap<>(box);
        clip.put("scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        save(name, Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static void save(String name, byte[] png) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Script, stylesheet, image and frame URLs of the current page that are neither on its origin nor inline (data:, blob:). */
    @SuppressWarnings("unchecked")
    List<String> foreignReferences() {
        return (List<String>) js("""
                return [...document.querySelectorAll('script[src], link[href], img[src], iframe[src], source[src]')]
                    .map(e => new URL(e.getAttribute('src') || e.getAttribute('href'), location.href))
                    .filter(u => u.protocol !== 'data:' && u.protocol !== 'blob:' && u.origin !== location.origin)
                    .map(u => u.href);""");
    }

    /** Every http(s) or ws(s) URL the browser requested since it started, read from chromedriver's performance log. */
    List<String> requestedUrls() {
        collectRequests();
        return List.copyOf(requested);
    }

    /** Every Content-Security-Policy violation Chromium reported in the session so far ("Refused to ..."). */
    List<String> cspViolations() {
        collectRequests();
        return List.copyOf(cspViolations);
    }

    private void collectRequests() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getMessage().contains("Content Security Policy")) {
                cspViolations.add(e.getMessage());
            }
        }
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            // {"message": {"method": "Network.requestWillBeSent", "params": {"request": {"url": ...}}}, "webview": ...}
            JsonNode message = JSON.readTree(e.getMessage()).path("message");
            JsonNode params = message.path("params");
            String url = switch (message.path("method").asString("")) {
                case "Network.requestWillBeSent" -> params.path("request").path("url").asString("");
                case "Network.webSocketCreated" -> params.path("url").asString("");
                default -> "";
            };
            if (url.matches("(?i)(http|ws)s?:.*")) {
                requested.add(url);
            }
        }
    }

    String origin() {
        return base;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
