package dev.charlm.training;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A job's most recent events, numbered so that a client that lost its stream can ask for what it
 * missed. An event's id is {@code <epoch>-<seq>}: {@code seq} counts the job's events from 1, and
 * {@code epoch}, a random token (not a training epoch), is drawn when the log is made, so an id
 * handed out by an earlier process never matches this one, whose numbering started again. Only the
 * last {@code capacity} events are kept. Every method is synchronized; {@link TrainingJob} holds the
 * same lock while it notifies, so that a replay and the live events that follow it neither overlap
 * nor leave a gap.
 */
final class EventLog {

    /** About 40 minutes of progress events, or 10,000 history points; a few MB per job at most. */
    static final int CAPACITY = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    /** One published event and the id it was sent with. */
    record Entry(String id, String name, Object data) {
    }

    /** What a reconnecting client gets: the events it missed, or why they cannot be replayed. */
    sealed interface Replay {
    }

    /** Every event after the client's last one, oldest first (empty when it missed none). */
    record Missed(List<Entry> events) implements Replay {
    }

    /** The client must reload the history instead: its id is foreign, or the log no longer reaches back to it. */
    record Lost(String reason) implements Replay {
    }

    private final String epoch;
    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long lastSeq;

    EventLog() {
        this(newEpoch(), CAPACITY);
    }

    EventLog(String epoch, int capacity) {
        if (epoch.isEmpty() || epoch.indexOf('-') >= 0 || capacity < 1) {
            throw new IllegalArgumentException("epoch must be a non-empty token without '-', capacity at least 1");
        }
        this.epoch = epoch;
        this.capacity = capacity;
    }

    /** Numbers the event, keeps it (dropping the oldest when full) and returns it with its id. */
    synchronized Entry append(String name, Object data) {
        Entry e = new Entry(id(++lastSeq), name, data);
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(e);
        return e;
    }

    /** The id of the latest event, or {@code <epoch>-0} before the first: replaying after it sends only what comes next. */
    synchronized String lastId() {
        return id(lastSeq);
    }

    /** The events after the one with id {@code lastEventId}, if this log issued that id and still holds all of them. */
    synchronized Replay after(String lastEventId) {
        int dash = lastEventId.lastIndexOf('-');
        long seq = dash < 0 ? -1 : parseSeq(lastEventId.substring(dash + 1));
        if (seq < 0 || !lastEventId.substring(0, dash).equals(epoch) || seq > lastSeq) {
            return new Lost("event id '" + lastEventId + "' is not one this stream issued (the service may have restarted)");
        }
        long firstKept = lastSeq - entries.size() + 1;
        if (seq + 1 < firstKept) {
            return new Lost("the events after '" + lastEventId + "' are no longer kept (only the last " + capacity + " are)");
        }
        return new Missed(entries.stream().skip(seq + 1 - firstKept).toList());
    }

    private String id(long seq) {
        return epoch + "-" + seq;
    }

    /** The sequence number, or -1 when {@code s} is not a plain non-negative decimal number. */
    private static long parseSeq(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(s);
    }

    private static String newEpoch() {
        StringBuilder sb = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
