package dev.charlm.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fixtures in ../shared/reference extend the copies bundled under src/test/resources/reference:
 * {@link ReferenceFixture#all} lets a shared file replace the bundled one of the same name, so a shared
 * fixture that dropped or changed a bundled value would silently weaken {@link ReferenceFixtureTest}.
 * Every bundled file must be there; a JSON fixture may add members (its bundled tree is a subset, equal
 * value for value), every other file (README, generator script) is byte for byte the same.
 */
class SharedReferenceExtendsBundledTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyBundledFixtureIsInTheSharedDirectoryUnchanged() throws IOException, URISyntaxException {
        Path shared = ReferenceFixture.SHARED;
        assumeTrue(Files.isDirectory(shared), "skipped: " + shared.toAbsolutePath().normalize()
                + " is absent (it is the shared reference directory next to the clone; CI provides it)");
        Path bundled = Path.of(SharedReferenceExtendsBundledTest.class.getResource("/reference").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(bundled)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).as("bundled fixtures").extracting(p -> p.getFileName().toString()).contains("rnn.json", "gru.json", "lstm.json");
        List<String> problems = new ArrayList<>();
        for (Path mine : files) {
            String name = mine.getFileName().toString();
            Path theirs = shared.resolve(name);
            if (!Files.isRegularFile(theirs)) {
                problems.add(name + ": missing from " + shared);
            } else if (name.endsWith(".json")) {
                subset(JSON.readTree(mine.toFile()), JSON.readTree(theirs.toFile()), name + ":$", problems);
            } else if (!Arrays.equals(Files.readAllBytes(mine), Files.readAllBytes(theirs))) {
                problems.add(name + ": differs from the shared copy");
            }
        }
        assertThat(problems).as("bundled reference files not extended by " + shared).isEmpty();
    }

    /** Adds to {@code problems} every place where {@code a} is not contained in {@code b}. */
    static void subset(JsonNode a, JsonNode b, String at, List<String> problems) {
        if (a.isObject() && b.isObject()) {
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null) {
                    problems.add(at + "." + e.getKey() + ": missing");
                } else {
                    subset(e.getValue(), other, at + "." + e.getKey(), problems);
                }
            }
        } else if (!a.equals(b)) {
            problems.add(at + ": " + abbreviate(a) + " became " + abbreviate(b));
        }
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    @Test
    void theSubsetCheckFindsAChangedAndAMissingValue() {
        List<String> problems = new ArrayList<>();
        subset(JSON.readTree("{\"a\": 1, \"b\": {\"c\": [1, 2]}, \"d\": 0}"),
                JSON.readTree("{\"a\": 1, \"b\": {\"c\": [1, 3]}, \"e\": 0}"), "f:$", problems);
        assertThat(problems).containsExactly("f:$.b.c: [1,2] became [1,3]", "f:$.d: missing");
        problems.clear();
        subset(JSON.readTree("{\"a\": 1}"), JSON.readTree("{\"a\": 1, \"more\": true}"), "f:$", problems);
        assertThat(problems).isEmpty();
    }
}
