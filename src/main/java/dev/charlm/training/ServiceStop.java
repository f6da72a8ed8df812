package dev.charlm.training;

import org.springframework.stereotype.Component;

/** Whether the service is stopping: tells a job cancelled by the shutdown from one cancelled by a user. */
@Component
class ServiceStop {

    private volatile boolean stopping;

    void begin() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }
}
