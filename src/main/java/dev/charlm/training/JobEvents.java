package dev.charlm.training;

import dev.charlm.config.CharLmProperties;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>The training thread never writes to a socket: it only puts each live event in the stream's queue
 * of {@code charlm.jobs.event-queue} events, which a thread of the writers' pool drains. A client that
 * stops reading fills its queue and is dropped (it reconnects with Last-Event-ID and gets a replay);
 * only its writer waits for it, until the connection times out. At most
 * {@code charlm.jobs.max-event-streams} streams are open at once; one more answers 429.
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

    private final int maxStreams;
    private final int queueCapacity;
    private final AtomicInteger streams = new AtomicInteger();
    /** One writer per stream at most is busy (a stream drains itself on one thread at a time), so no task waits long. */
    private final ThreadPoolExecutor writers;

    JobEvents(CharLmProperties properties) {
        this.maxStreams = properties.jobs().maxEventStreams();
        this.queueCapacity = properties.jobs().eventQueue();
        heartbeats.setRemoveOnCancelPolicy(true);   // a closed stream leaves the queue at once, not 15 s later
        AtomicInteger n = new AtomicInteger();
        writers = new ThreadPoolExecutor(maxStreams, maxStreams, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "charlm-sse-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        writers.allowCoreThreadTimeOut(true);
    }

    /** A new stream of the job's events; {@code lastEventId} (null or blank: none) is the last one the client saw. */
    SseEmitter stream(TrainingJob job, String lastEventId) {
        if (streams.incrementAndGet() > maxStreams) {
            streams.decrementAndGet();
            throw new TooManyEventStreamsException(maxStreams);
        }
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

    /** Streams counted against {@code charlm.jobs.max-event-streams}: open, or closed but not yet released. */
    int counted() {
        return streams.get();
    }

    @PreDestroy
    void shutdown() {
        heartbeats.shutdownNow();
        writers.shutdownNow();
    }

    /**
     * One client's stream: what it is sent on connecting, the live events, the heartbeat. What it is sent on
     * connecting is written by the request's thread before the stream is handed to the container (so into
     * memory); the rest goes through {@link #queue}, which one writer at a time drains.
     */
    private final class Stream implements Consumer<EventLog.Entry> {
        final SseEmitter emitter = new SseEmitter(0L);   // no timeout: it lasts as long as the training
        private final TrainingJob job;
        private final ArrayBlockingQueue<SseEmitter.SseEventBuilder> queue = new ArrayBlockingQueue<>(queueCapacity);
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean closed;
        /** Set when its queue overflowed or its end event was queued: the writer completes it after the queued events. */
        private volatile boolean finishing;
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
                for (EventLog.Entry e : missed.events()) {   // into memory: the stream is not the container's yet
                    if (open() && send(e.id(), e.name(), e.data()) && e.name().equals("end")) {
                        finish();
                    }
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

        /** A live event, on the training thread (under the job's lock): queued, never written here. */
        @Override
        public void accept(EventLog.Entry e) {
            if (open() && !finishing) {
                boolean queued = queue.offer(event(e.id(), e.name(), e.data()));
                if (!queued || e.name().equals("end")) {
                    // a full queue: the client reads too slowly; it reconnects and is replayed what it missed
                    finishing = true;
                    job.unfollow(this);
                }
                drain();
            }
        }

        void beat() {
            if (open() && !finishing && queue.offer(SseEmitter.event().comment("heartbeat"))) {
                drain();
            }
        }

        /** Starts a writer unless one is at work; the writer looks again after it lets go, so no event is left behind. */
        private void drain() {
            if (draining.compareAndSet(false, true)) {
                writers.execute(this::write);
            }
        }

        private void write() {
            do {
                for (SseEmitter.SseEventBuilder e; open() && (e = queue.poll()) != null; ) {
                    send(e);
                }
                if (open() && finishing && queue.isEmpty()) {
                    finish();
                }
                draining.set(false);
            } while (open() && !queue.isEmpty() && draining.compareAndSet(false, true));
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
            return send(event(id, name, data));
        }

        private static SseEmitter.SseEventBuilder event(String id, String name, Object data) {
            return SseEmitter.event().id(id).name(name).data(data, MediaType.APPLICATION_JSON);
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
            queue.clear();
            if (released.compareAndSet(false, true)) {
                streams.decrementAndGet();
            }
            job.unfollow(this);
            ScheduledFuture<?> f = heartbeat;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
