package dev.charlm.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class TooManyStreamsExceptionTest {

    @Test
    void fullStreamingSlotsAreA429WithRetryAfterAndTheLimit() {
        TooManyStreamsException e = new TooManyStreamsException(80);
        assertThat(e.getStatusCode().value()).isEqualTo(429);
        assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(e.getBody().getTitle()).isEqualTo("Too many streams");
        assertThat(e.getBody().getDetail()).isEqualTo("all 80 streaming slots are busy; retry after 2 s or ask for JSON");
        assertThat(e.getBody().getProperties()).containsEntry("maxStreams", 80);
    }
}
