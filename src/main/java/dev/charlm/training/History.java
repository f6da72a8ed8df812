package dev.charlm.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job logged: a point every {@code logEvery} steps, every epoch's mean training loss (d2l's
 * per-epoch perplexity), every validation, and the periodic samples. Appended by the training thread,
 * read by request threads: every access is synchronized, and readers get copies.
 */
final class History {

    /**
     * A logged step: {@code predictions} characters were predicted in it. The groups are unwrapped, so a
     * point is one flat object in history.json and in the {@code point} event.
     */
    record Point(long step, double epoch, @JsonUnwrapped Loss loss, @JsonUnwrapped Update update, @JsonUnwrapped Pace pace,
                 long predictions) {

        /** The step's mean loss (nats per character), its exp, and the moving average. */
        record Loss(double trainLoss, double trainPerplexity, double smoothedLoss) {
        }

        /** The step's update: the learning rate it used and the gradient norm before clipping. */
        record Update(double learningRate, double gradientNorm) {
        }

        /** Characters per second of training time, and the training time so far. */
        record Pace(double charsPerSecond, double elapsedSeconds) {
        }
    }

    record Epoch(int epoch, long step, double meanLoss, double perplexity, double seconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Evaluation(long step, double epoch, Double validationLoss, Double validationPerplexity, boolean best) {
    }

    record Sample(long step, double epoch, String prefix, String text) {
    }

    /**
     * Cluster mode: the job moved to replica {@code to} at {@code at}, continuing from the checkpoint of {@code step},
     * because {@code from} stopped heartbeating or stopped (null: its first run).
     */
    record Move(Instant at, long step, String from, String to, String reason) {
    }

    /**
     * The whole history, as the API returns it and the store saves it. {@code moves} is left out while empty, so a
     * history outside a cluster is the file it always was.
     */
    record Snapshot(List<Point> points, List<Epoch> epochs, List<Evaluation> evaluations, List<Sample> samples,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Move> moves) {
        static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), List.of(), List.of(), List.of());

        Snapshot {
            moves = moves == null ? List.of() : moves;   // absent from every history written before cluster mode
        }
    }

    private final List<Point> points = new ArrayList<>();
    private final List<Epoch> epochs = new ArrayList<>();
    private final List<Evaluation> evaluations = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<Move> moves = new ArrayList<>();

    History(Snapshot restored) {
        replace(restored);
    }

    /** Becomes {@code s}: a replica's copy of a job another replica trains, after that one saved it. */
    synchronized void replace(Snapshot s) {
        points.clear();
        epochs.clear();
        evaluations.clear();
        samples.clear();
        moves.clear();
        points.addAll(s.points());
        epochs.addAll(s.epochs());
        evaluations.addAll(s.evaluations());
        samples.addAll(s.samples());
        moves.addAll(s.moves());
    }

    synchronized void add(Point p) {
        points.add(p);
    }

    synchronized void add(Epoch e) {
        epochs.add(e);
    }

    synchronized void add(Evaluation e) {
        evaluations.add(e);
    }

    synchronized void add(Sample s) {
        samples.add(s);
    }

    synchronized void add(Move m) {
        moves.add(m);
    }

    /**
     * Cluster mode: adds an entry that another replica's job logged, unless this copy has it already (it came
     * with a saved history too). False for what is not an entry.
     */
    synchronized boolean addOnce(Object entry) {
        if (entry instanceof Point p) {
            return addOnce(points, p);
        } else if (entry instanceof Epoch e) {
            return addOnce(epochs, e);
        } else if (entry instanceof Evaluation e) {
            return addOnce(evaluations, e);
        } else if (entry instanceof Sample s) {
            return addOnce(samples, s);
        }
        return false;
    }

    private static <T> boolean addOnce(List<T> list, T entry) {
        if (list.contains(entry)) {
            return false;
        }
        list.add(entry);
        return true;
    }

    /** Drops what was logged after {@code step}: a resumed run logs those steps again. */
    synchronized void truncateAfter(long step) {
        points.removeIf(p -> p.step() > step);
        epochs.removeIf(e -> e.step() > step);
        evaluations.removeIf(e -> e.step() > step);
        samples.removeIf(s -> s.step() > step);
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(List.copyOf(points), List.copyOf(epochs), List.copyOf(evaluations), List.copyOf(samples), List.copyOf(moves));
    }
}
