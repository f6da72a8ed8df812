package dev.charlm.training;

import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A job's events as a Server-Sent Events stream, closed after the final {@code end} event. */
final class JobEvents {

    private JobEvents() {
    }

    static SseEmitter stream(TrainingJob job) {
        SseEmitter emitter = new SseEmitter(0L);
        TrainingJob.Listener[] self = new TrainingJob.Listener[1];
        self[0] = (name, data) -> {
            try {
                synchronized (emitter) {
                    emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
                    if (name.equals("end")) {
                        job.unsubscribe(self[0]);
                        emitter.complete();
                    }
                }
            } catch (IOException | IllegalStateException e) {
                job.unsubscribe(self[0]);
            }
        };
        emitter.onCompletion(() -> job.unsubscribe(self[0]));
        emitter.onTimeout(() -> job.unsubscribe(self[0]));
        emitter.onError(e -> job.unsubscribe(self[0]));
        job.subscribe(self[0]);
        self[0].event("status", ModelView.of(job));
        if (!job.status().active()) {
            self[0].event("end", ModelView.of(job));
        }
        return emitter;
    }
}
