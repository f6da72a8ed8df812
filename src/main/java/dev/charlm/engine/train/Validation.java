package dev.charlm.engine.train;

/**
 * The held-out text and how often the run is measured on it.
 *
 * @param valFraction contiguous tail of the corpus (of its lines in lines mode) held out for validation
 * @param evalEvery   validate and checkpoint every this many steps (0 = at the end of every epoch)
 * @param evalChars   validate on the first evalChars characters of that tail only (0 = all of it): a
 *                    fixed subset, so losses stay comparable while a large tail costs less to measure. The
 *                    default ({@link TrainingConfig#defaults()}) keeps validation to a few per cent of the
 *                    training time at any corpus size; a config of the first release, which lacked the
 *                    option, validated on all of the tail and reads back as 0
 */
public record Validation(double valFraction, int evalEvery, int evalChars) {

    public Validation withValFraction(double f) {
        return new Validation(f, evalEvery, evalChars);
    }

    public Validation withEvalEvery(int e) {
        return new Validation(valFraction, e, evalChars);
    }

    public Validation withEvalChars(int n) {
        return new Validation(valFraction, evalEvery, n);
    }
}
