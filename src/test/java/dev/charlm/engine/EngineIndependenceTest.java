package dev.charlm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine is plain Java on ojalgo: it must build and run without Spring. */
class EngineIndependenceTest {

    @Test
    void noEngineSourceImportsSpringOrTheService() throws IOException {
        Path engine = Path.of("src/main/java/dev/charlm/engine");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(engine)) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    String s = Files.readString(f);
                    return s.contains("import org.springframework") || s.contains("import dev.charlm.corpus")
                            || s.contains("import dev.charlm.training") || s.contains("import dev.charlm.sampling")
                            || s.contains("import dev.charlm.web") || s.contains("import dev.charlm.metrics");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
        try (Stream<Path> files = Files.walk(engine)) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).count()).isGreaterThan(20);
        }
    }
}
