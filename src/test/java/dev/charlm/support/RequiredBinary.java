package dev.charlm.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs that Maven cannot fetch (Debian's chromium, chromedriver, prometheus). On a
 * developer's machine without it the test is skipped, saying what to install; under CI ({@code CI=true},
 * where .ci/run installs it) a missing program fails the test instead, so CI never passes by skipping.
 */
public final class RequiredBinary {

    private RequiredBinary() {
    }

    /** The program's path, after skipping (or, under CI, failing) the test when it is not installed. */
    public static Path require(String path, String debianPackage) {
        Path p = Path.of(path);
        if (!Files.isExecutable(p)) {
            String message = path + " is not installed: apt-get install " + debianPackage + " (.ci/run installs it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return p;
    }
}
