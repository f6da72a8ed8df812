package dev.charlm.sampling;

import java.util.concurrent.Future;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness ({@code /actuator/health/readiness}, and so {@code /actuator/health}) stays OUT_OF_SERVICE until the
 * {@link ModelWarmUp} is over, while liveness is UP: a first sample sent as soon as the service says it is ready
 * would otherwise share the two cores with the warm-up and run before the JIT has compiled the kernels (0.5 s
 * instead of 25 ms). Replaces Boot's indicator of the same name (which the readiness group reads); a warm-up that
 * failed makes the service ready too, its models then load on their first request.
 */
@Component("readinessStateHealthIndicator")
class WarmUpReadiness extends ReadinessStateHealthIndicator {

    private final Future<?> warmUp;

    @Autowired
    WarmUpReadiness(ApplicationAvailability availability, ModelWarmUp warmUp) {
        this(availability, warmUp.warmed());
    }

    /** {@code warmUp} done, normally or not, and the application accepting traffic: ready. */
    WarmUpReadiness(ApplicationAvailability availability, Future<?> warmUp) {
        super(availability);
        this.warmUp = warmUp;
    }

    @Override
    protected AvailabilityState getState(ApplicationAvailability availability) {
        return warmUp.isDone() ? super.getState(availability) : ReadinessState.REFUSING_TRAFFIC;
    }
}
