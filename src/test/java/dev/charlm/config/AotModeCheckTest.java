package dev.charlm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The AOT start-up check: what the embedded build decided passes, a mode change is refused with the property
 * named, and the list of frozen properties covers every property a condition of the embedded mode reads.
 */
@SpringBootTest
class AotModeCheckTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> data.toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
    }

    @Autowired
    ConfigurableApplicationContext context;

    private static Properties packaged(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void theEmbeddedDefaultsAndTheBuildsOwnValuesPass() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("charlm.cluster.enabled", "FALSE")
                .withProperty("spring.mvc.problemdetails.enabled", "true")
                .withProperty("charlm.data-dir", "/elsewhere");
        assertThatCode(() -> AotModeCheck.check(env, packaged("spring.mvc.problemdetails.enabled", "true")))
                .doesNotThrowAnyException();
    }

    @Test
    void clusterModeIsRefusedWithThePropertyNamed() {
        MockEnvironment env = new MockEnvironment().withProperty("charlm.cluster.enabled", "true");
        assertThatThrownBy(() -> AotModeCheck.check(env, packaged()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("charlm.cluster.enabled=true")
                .hasMessageContaining("without -Dspring.aot.enabled=true");
    }

    @Test
    void aValueOtherThanThePackagedOneIsRefused() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.mvc.problemdetails.enabled", "false");
        assertThatThrownBy(() -> AotModeCheck.check(env, packaged("spring.mvc.problemdetails.enabled", "true")))
                .hasMessageContaining("spring.mvc.problemdetails.enabled=false (the AOT build assumed true)");
    }

    @Test
    void settingAPropertyTheBuildLeftUnsetIsRefused() {
        MockEnvironment env = new MockEnvironment().withProperty("server.forward-headers-strategy", "native");
        assertThatThrownBy(() -> AotModeCheck.check(env, packaged()))
                .hasMessageContaining("server.forward-headers-strategy=native (the AOT build assumed it unset)");
    }

    private static final Pattern CONDITION = Pattern.compile("@ConditionalOn(?:Boolean)?Property \\(([^)]*)\\)");
    private static final Pattern NAME = Pattern.compile("([\\w.\\-\\[\\]]+)(?:=[^,]*)?");

    /** Every property an OnPropertyCondition of this context read (the embedded mode, as the AOT build sees it). */
    @Test
    void everyPropertyAConditionReadsIsFrozen() {
        Set<String> read = new TreeSet<>();
        ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource().values()
                .forEach(outcomes -> outcomes.forEach(o -> {
                    Matcher m = CONDITION.matcher(o.getOutcome().getMessage());
                    while (m.find()) {
                        for (String part : m.group(1).split(",\\s*")) {
                            Matcher n = NAME.matcher(part.trim());
                            if (n.matches()) {
                                read.add(n.group(1));
                            }
                        }
                    }
                }));
        assertThat(read).contains("charlm.cluster.enabled", "springdoc.api-docs.enabled");
        assertThat(AotModeCheck.FROZEN.keySet()).containsAll(read);
    }
}
