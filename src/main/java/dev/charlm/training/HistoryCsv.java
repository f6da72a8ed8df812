package dev.charlm.training;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A history as CSV, one row per logged step, for spreadsheets and pandas: the training columns from
 * the step's point, the validation columns from its evaluation (an evaluation at a step with no point
 * gets a row of its own). Absent values are empty cells; numbers are written as Java's
 * {@link Double#toString}, which reads back to the same double.
 */
final class HistoryCsv {

    static final String HEADER = "step,epoch,trainLoss,trainPerplexity,smoothedLoss,learningRate,gradientNorm,charsPerSecond,"
            + "elapsedSeconds,validationLoss,validationPerplexity";

    private HistoryCsv() {
    }

    static String of(History.Snapshot history) {
        Map<Long, History.Point> points = history.points().stream()
                .collect(Collectors.toMap(History.Point::step, p -> p, (a, b) -> b));
        Map<Long, History.Evaluation> evaluations = history.evaluations().stream()
                .collect(Collectors.toMap(History.Evaluation::step, e -> e, (a, b) -> b));   // a step validated twice: the later
        TreeSet<Long> steps = new TreeSet<>(points.keySet());
        steps.addAll(evaluations.keySet());
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (long step : steps) {
            History.Point p = points.get(step);
            History.Evaluation e = evaluations.get(step);
            List<Object> row = p != null
                    ? List.of(step, p.epoch(), p.loss().trainLoss(), p.loss().trainPerplexity(), p.loss().smoothedLoss(),
                            p.update().learningRate(), p.update().gradientNorm(), p.pace().charsPerSecond(), p.pace().elapsedSeconds())
                    : List.of(step, e.epoch(), "", "", "", "", "", "", "");
            csv.append(row.stream().map(String::valueOf).collect(Collectors.joining(",")));   // a double as Double.toString
            csv.append(',').append(cell(e == null ? null : e.validationLoss()));
            csv.append(',').append(cell(e == null ? null : e.validationPerplexity())).append('\n');
        }
        return csv.toString();
    }

    private static String cell(Double value) {
        return value == null ? "" : Double.toString(value);
    }
}
