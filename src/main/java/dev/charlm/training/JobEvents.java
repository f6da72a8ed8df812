package dev.charlm.training;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A job's events as a Server-Sent Events stream, closed after the final {@code end} event. Every
 * event carries the id the job's {@link EventLog} gave it; a client that comes back with
 * {@code Last-Event-ID} gets exactly the events it missed and then the live ones, or a {@code reset}
 * when they cannot be replayed. One scheduler thread sends every open stream a comment every 15 s,
 * so that proxies keep idle streams open and a client that went away is noticed.
 */
@Component
class JobEvents {

    /** How long the browser's EventSource waits before it reconnects. */
    static final long RETRY_MILLIS = 1000;
    static final long HEARTBEAT_SECONDS = 15;

    /** The data of a {@code reset} event. */
    record Reset(String reason) {
    }

    private final ScheduledThreadPoolExecutor heartbeats = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "charlm-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    JobEvents() {
        heartbeats.setRemoveOnCancelPolicy(true);   // a closed stream leaves the queue at once, not 15 s later
    }

    /** A new stream of the job's events; {@code lastEventId} (null or blank: none) is the last one the client saw. */
    SseEmitter stream(TrainingJob job, String lastEventId) {
        Stream s = new Stream(job);
        s.send(SseEmitter.event().reconnectTime(RETRY_MILLIS));
        job.follow(log -> s.start(log, lastEventId == null || lastEventId.isBlank() ? null : lastEventId.strip()), s);
        if (s.open()) {
            s.heartbeat(heartbeats.scheduleWithFixedDelay(s::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS));
        }
        return s.emitter;
    }

    /** Streams whose heartbeat is scheduled, i.e. open ones: a closed stream must leave nothing behind. */
    int open() {
        return heartbeats.getQueue().size();
    }

    @PreDestroy
    void shutdown() {
        heartbeats.shutdownNow();
    }

    /** One client's stream: what it is sent on connecting, the live events, the heartbeat. */
    private static final class Stream implements Consumer<EventLog.Entry> {
        final SseEmitter emitter = new SseEmitter(0L);   // no timeout: it lasts as long as the training
        private final TrainingJob job;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> heartbeat;

        Stream(TrainingJob job) {
            this.job = job;
            emitter.onCompletion(this::close);
            emitter.onTimeout(this::close);
            emitter.onError(e -> close());
        }

        /**
         * Runs under the lock the job publishes with: a reset if the missed events are lost, the status
         * or the missed events, and an end if the job is over. True to stay for the live events. Status,
         * reset and end sent here carry the latest event's id, which they already reflect.
         */
        boolean start(EventLog log, String lastEventId) {
            String latest = log.lastId();
            EventLog.Replay replay = lastEventId == null ? null : log.after(lastEventId);
            if (replay instanceof EventLog.Lost lost) {
                send(latest, "reset", new Reset(lost.reason() + "; reload GET /models/" + job.id() + "/history"));
            }
            if (replay instanceof EventLog.Missed missed) {
                for (EventLog.Entry e : missed.events()) {
                    accept(e);
                }
            } else {
                send(latest, "status", ModelView.of(job));
            }
            if (open() && !job.status().active()) {
                send(latest, "end", ModelView.of(job));
                finish();
            }
            return open();
        }

        @Override
        public void accept(EventLog.Entry e) {
            if (open() && send(e.id(), e.name(), e.data()) && e.name().equals("end")) {
                finish();
            }
        }

        void beat() {
            send(SseEmitter.event().comment("heartbeat"));
        }

        void heartbeat(ScheduledFuture<?> f) {
            heartbeat = f;
            if (closed) {   // closed while it was being scheduled
                f.cancel(false);
            }
        }

        boolean open() {
            return !closed;
        }

        private boolean send(String id, String name, Object data) {
            return send(SseEmitter.event().id(id).name(name).data(data, MediaType.APPLICATION_JSON));
        }

        boolean send(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
                return true;
            } catch (IOException | IllegalStateException e) {
                close();   // the client went away, or the stream was completed meanwhile
                return false;
            }
        }

        private void finish() {
            emitter.complete();
            close();
        }

        private void close() {
            closed = true;
            job.unfollow(this);
            ScheduledFuture<?> f = heartbeat;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
