package dev.charlm.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Installs the corpora shipped in the jar ({@code classpath:corpora/<name>.txt}, copied from the
 * project's reference data; provenance in the README) into the data directory at start-up, so that a
 * first start can train at once.
 */
@Component
@Order(0)
class BuiltInCorpora implements ApplicationRunner {

    static final List<String> NAMES = List.of("tinyshakespeare", "timemachine", "jaychou", "dinos");
    private static final Logger LOG = LoggerFactory.getLogger(BuiltInCorpora.class);

    private final CorpusService corpora;

    BuiltInCorpora(CorpusService corpora) {
        this.corpora = corpora;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String name : NAMES) {
            try (InputStream in = BuiltInCorpora.class.getResourceAsStream("/corpora/" + name + ".txt")) {
                if (in == null) {
                    throw new IllegalStateException("built-in corpus " + name + " is missing from the jar");
                }
                Corpus c = corpora.installBuiltIn(name, in);
                LOG.debug("Built-in corpus {}: {} characters", name, c.contents().chars());
            } catch (IOException e) {
                throw new UncheckedIOException("installing built-in corpus " + name, e);
            }
        }
    }
}
