package dev.charlm.engine.train;

/**
 * Gradient clipping before each update.
 *
 * @param mode      none, value (element-wise ±threshold) or norm (global L2 norm)
 * @param threshold the bound (used unless mode is none)
 */
public record Clip(ClipMode mode, double threshold) {

    public static final Clip NONE = new Clip(ClipMode.NONE, 0);
}
