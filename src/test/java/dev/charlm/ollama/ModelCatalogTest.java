package dev.charlm.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    @Test
    void parameterCountsAreAbbreviatedAsOllamaDoes() {
        assertThat(ModelCatalog.humanNumber(999)).isEqualTo("999");
        assertThat(ModelCatalog.humanNumber(24_000)).isEqualTo("24K");
        assertThat(ModelCatalog.humanNumber(24_499)).isEqualTo("24K");
        assertThat(ModelCatalog.humanNumber(3_000_000)).isEqualTo("3M");
        assertThat(ModelCatalog.humanNumber(1_234_567)).isEqualTo("1.23M");
        assertThat(ModelCatalog.humanNumber(8_030_261_248L)).isEqualTo("8.0B");
        assertThat(ModelCatalog.humanNumber(7_000_000_000L)).isEqualTo("7B");
    }
}
