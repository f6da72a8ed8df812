package dev.charlm.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;

/** Readiness is OUT_OF_SERVICE while the warm-up runs, UP once it is over (failed or not) and the application accepts traffic. */
class WarmUpReadinessTest {

    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final CompletableFuture<Object> warmUp = new CompletableFuture<>();
    private final WarmUpReadiness readiness = new WarmUpReadiness(availability, warmUp);

    private void application(ReadinessState state) {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, state));
    }

    @Test
    void outOfServiceWhileTheWarmUpRunsThenUp() {
        application(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(readiness.health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        warmUp.complete(null);
        assertThat(readiness.health(true).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aFailedWarmUpStillEndsIt() {
        application(ReadinessState.ACCEPTING_TRAFFIC);
        warmUp.completeExceptionally(new IllegalStateException("unreadable checkpoint"));
        assertThat(readiness.health(true).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void anApplicationRefusingTrafficStaysOutOfServiceAfterTheWarmUp() {
        warmUp.complete(null);
        application(ReadinessState.REFUSING_TRAFFIC);
        assertThat(readiness.health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }
}
