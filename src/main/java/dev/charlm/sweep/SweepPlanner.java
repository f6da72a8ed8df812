package dev.charlm.sweep;

import dev.charlm.training.TrainingJobs;
import dev.charlm.training.TrainingRequest;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.InvalidFieldsException.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A sweep request checked whole before anything is created: the grid's shape (known option paths, values of
 * the right type, at least one each, at most {@code charlm.sweeps.max-runs} combinations), then every
 * combination merged over the base and checked exactly as {@code POST /models} checks a request
 * ({@link TrainingJobs#check}). One 400 lists every problem; a refusal that every combination shares (the corpus,
 * a base option) is listed once, one that only some share once per combination, named by its values.
 */
final class SweepPlanner {

    /** One run to submit: its combination and its full request. */
    record Planned(Grid.Combination combination, TrainingRequest request) {
    }

    private final OptionPaths paths;
    private final TrainingJobs jobs;
    private final int maxRuns;

    SweepPlanner(OptionPaths paths, TrainingJobs jobs, int maxRuns) {
        this.paths = paths;
        this.jobs = jobs;
        this.maxRuns = maxRuns;
    }

    List<Planned> plan(SweepRequest r) {
        TrainingRequest base = r.base() == null ? new TrainingRequest(null, null, null, null) : r.base();
        List<FieldError> errors = new ArrayList<>(shape(r, base));
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        List<Planned> planned = new ArrayList<>();
        Map<FieldError, List<String>> refusals = new LinkedHashMap<>();
        for (Grid.Combination c : Grid.expand(r.grid())) {
            String label = c.label();
            TrainingRequest request = paths.read(paths.with(base, r.corpus(), r.name() + " " + label, c.values()));
            try {
                jobs.check(request);
            } catch (InvalidFieldsException e) {
                e.errors().forEach(f -> refusals.computeIfAbsent(f, k -> new ArrayList<>()).add(label));
            }
            planned.add(new Planned(c, request));
        }
        refusals.forEach((f, labels) -> {
            if (labels.size() == planned.size() && planned.size() > 1) {
                errors.add(new FieldError(f.field(), "in every combination: " + f.message()));
            } else {
                labels.forEach(l -> errors.add(new FieldError(f.field(), "in combination " + l + ": " + f.message())));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        return planned;
    }

    /** What is wrong with the request before its combinations are built. */
    private List<FieldError> shape(SweepRequest r, TrainingRequest base) {
        List<FieldError> errors = new ArrayList<>();
        if (r.name() == null || r.name().isBlank()) {
            errors.add(new FieldError("name", "required: the sweep's name, which its runs' names start with"));
        }
        if (r.corpus() == null || r.corpus().isBlank()) {
            errors.add(new FieldError("corpus", "required: a corpus id or a built-in name (GET /corpora)"));
        }
        if (base.corpus() != null) {
            errors.add(new FieldError("base.corpus", "set corpus on the sweep, not in its base"));
        }
        if (base.name() != null) {
            errors.add(new FieldError("base.name", "each run is named after the sweep and its values; set name on the sweep"));
        }
        if (r.grid() == null || r.grid().isEmpty()) {
            errors.add(new FieldError("grid", "required: at least one option path with the values to try, e.g. {\"cell\": [\"rnn\", \"gru\"]}"));
            return errors;
        }
        r.grid().forEach((path, values) -> errors.addAll(key(base, path, values)));
        long size = Grid.size(r.grid());
        if (size > maxRuns) {
            errors.add(new FieldError("grid", "the grid has " + size + " combinations; at most " + maxRuns + " (charlm.sweeps.max-runs)"));
        }
        return errors;
    }

    /** One key of the grid: a known path, at least one value, each of them readable at that path. */
    private List<FieldError> key(TrainingRequest base, String path, List<JsonNode> values) {
        String field = "grid." + path;
        if (!paths.known(path)) {
            return List.of(new FieldError(field, "not an option path; one of " + String.join(", ", paths.all())));
        }
        if (values == null || values.isEmpty()) {
            return List.of(new FieldError(field, "needs at least one value"));
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode v : values) {
            if (!seen.add(v.toString())) {
                errors.add(new FieldError(field, "the value " + v + " is listed twice"));
                continue;
            }
            try {
                paths.read(paths.with(base, "", "", Map.of(path, v)));
            } catch (JacksonException e) {
                errors.add(new FieldError(field, "the value " + v + " is not valid here: " + e.getOriginalMessage()));
            }
        }
        return errors;
    }
}
