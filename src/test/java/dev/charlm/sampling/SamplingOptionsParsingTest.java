package dev.charlm.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.InvalidFieldsException.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The query and body options of sampling, as {@link SamplingService#options} checks them: the defaults of
 * absent options, both ends of every range, and a 400 that names each invalid field (all of them at once).
 */
class SamplingOptionsParsingTest {

    static final int MAX_LENGTH = 500;

    /** Only the options method is exercised; it reads nothing but the properties (bound as the app binds them). */
    final SamplingService service = new SamplingService(null, null, null, properties(MAX_LENGTH), null);

    /** charlm.sampling.max-stops at its default */
    static final int MAX_STOPS = properties(MAX_LENGTH).sampling().maxStops();

    static CharLmProperties properties(int maxLength) {
        var source = new MapConfigurationPropertySource(Map.of("charlm.sampling.max-length", String.valueOf(maxLength)));
        return new Binder(source).bindOrCreate("charlm", CharLmProperties.class);
    }

    SamplingOptions parse(Integer length, Double temperature, Integer topK, Double topP, Long seed, List<String> stop) {
        return service.options(length, temperature, topK, topP, seed, stop);
    }

    List<FieldError> errors(Integer length, Double temperature, Integer topK, Double topP, List<String> stop) {
        InvalidFieldsException e = catchThrowableOfType(InvalidFieldsException.class,
                () -> parse(length, temperature, topK, topP, null, stop));
        assertThat(e).as("an InvalidFieldsException").isNotNull();
        return e.errors();
    }

    @Test
    void absentOptionsTakeTheDefaults() {
        SamplingOptions o = parse(null, null, null, null, null, null);
        assertThat(o).isEqualTo(new SamplingOptions(100, 1.0, 0, 1.0, null, List.of()));
    }

    @Test
    void givenOptionsAreKeptAsGiven() {
        SamplingOptions o = parse(7, 0.5, 3, 0.9, 42L, List.of("\n", "。"));
        assertThat(o).isEqualTo(new SamplingOptions(7, 0.5, 3, 0.9, 42L, List.of("\n", "。")));
    }

    @Test
    void everyBoundItselfIsAccepted() {
        assertThat(parse(0, null, null, null, null, null).length()).isZero();
        assertThat(parse(MAX_LENGTH, null, null, null, null, null).length()).isEqualTo(MAX_LENGTH);
        assertThat(parse(null, 0.0, null, null, null, null).temperature()).isZero();
        assertThat(parse(null, 100.0, null, null, null, null).temperature()).isEqualTo(100.0);
        assertThat(parse(null, null, 0, null, null, null).topK()).isZero();
        assertThat(parse(null, null, null, 1.0, null, null).topP()).isEqualTo(1.0);
        assertThat(parse(null, null, null, Double.MIN_VALUE, null, null).topP()).isEqualTo(Double.MIN_VALUE);
        assertThat(parse(null, null, null, null, null, Collections.nCopies(MAX_STOPS, "x")).stop())
                .hasSize(MAX_STOPS);
    }

    @Test
    void aLengthOutsideZeroToTheConfiguredMaximumNamesLengthAndTheProperty() {
        FieldError expected = new FieldError("length", "must be between 0 and " + MAX_LENGTH + " (charlm.sampling.max-length)");
        assertThat(errors(-1, null, null, null, null)).containsExactly(expected);
        assertThat(errors(MAX_LENGTH + 1, null, null, null, null)).containsExactly(expected);
    }

    @Test
    void theMaximumLengthComesFromTheProperties() {
        SamplingService other = new SamplingService(null, null, null, properties(20), null);
        assertThat(other.options(20, null, null, null, null, null).length()).isEqualTo(20);
        InvalidFieldsException e = catchThrowableOfType(InvalidFieldsException.class,
                () -> other.options(21, null, null, null, null, null));
        assertThat(e.errors()).containsExactly(new FieldError("length", "must be between 0 and 20 (charlm.sampling.max-length)"));
    }

    @Test
    void aTemperatureOutsideZeroToAHundredOrNotANumberNamesTemperature() {
        FieldError expected = new FieldError("temperature", "must be between 0 (greedy) and 100");
        for (double t : new double[] {-0.001, 100.001, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThat(errors(null, t, null, null, null)).as("temperature %s", t).containsExactly(expected);
        }
    }

    @Test
    void aNegativeTopKNamesTopK() {
        assertThat(errors(null, null, -1, null, null)).containsExactly(new FieldError("topK", "must be >= 0 (0 = all characters)"));
    }

    @Test
    void aTopPOutsideZeroExclusiveToOneNamesTopP() {
        FieldError expected = new FieldError("topP", "must be in (0, 1]");
        for (double p : new double[] {0, -0.5, 1.0001, Double.NaN}) {
            assertThat(errors(null, null, null, p, null)).as("topP %s", p).containsExactly(expected);
        }
    }

    @Test
    void tooManyStopStringsNameStop() {
        assertThat(errors(null, null, null, null, Collections.nCopies(MAX_STOPS + 1, "x")))
                .containsExactly(new FieldError("stop", "at most " + MAX_STOPS + " stop strings"));
    }

    @Test
    void anEmptyOrNullStopStringIsNamedByItsIndex() {
        List<String> stops = new ArrayList<>(List.of("ok", "", "fine"));
        stops.add(null);
        assertThat(errors(null, null, null, null, stops))
                .containsExactly(new FieldError("stop[1]", "must not be empty"), new FieldError("stop[3]", "must not be empty"));
    }

    @Test
    void everyInvalidFieldIsReportedAtOnceInFieldOrder() {
        InvalidFieldsException e = catchThrowableOfType(InvalidFieldsException.class,
                () -> parse(-5, -1.0, -1, 2.0, null, List.of("")));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("length", "temperature", "topK", "topP", "stop[0]");
        assertThat(e.getMessage()).contains("5 fields are invalid: length, temperature, topK, topP, stop[0]");
    }
}
