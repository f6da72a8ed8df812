package dev.charlm.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.config.CharLmProperties;
import dev.charlm.web.InvalidFieldsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** charlm.sampling.max-stops and max-score-chars, bound as Spring binds them, are the limits sampling checks. */
class SamplingLimitsTest {

    static SamplingService serviceWith(Map<String, String> settings) {
        CharLmProperties p = new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("charlm", CharLmProperties.class);
        return new SamplingService(null, null, null, p, null);   // options and text checks need nothing else
    }

    @Test
    void theMostStopStringsIsASetting() {
        assertThat(serviceWith(Map.of()).options(null, null, null, null, null, List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10")).stop())
                .as("the default is 10").hasSize(10);
        SamplingService two = serviceWith(Map.of("charlm.sampling.max-stops", "2"));
        assertThat(two.options(null, null, null, null, null, List.of("a", "b")).stop()).containsExactly("a", "b");
        assertThatThrownBy(() -> two.options(null, null, null, null, null, List.of("a", "b", "c")))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> assertThat(e.errors())
                        .containsExactly(new InvalidFieldsException.FieldError("stop", "at most 2 stop strings")));
    }

    @Test
    void theLongestTextToScoreIsASetting() {
        SamplingService five = serviceWith(Map.of("charlm.sampling.max-score-chars", "5"));
        assertThatThrownBy(() -> five.score("m-1", "abcdef"))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> assertThat(e.errors())
                        .containsExactly(new InvalidFieldsException.FieldError("text", "at most 5 characters")));
    }
}
