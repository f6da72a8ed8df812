package dev.charlm.engine.kernel;

import java.util.Locale;

/**
 * Chooses the kernels at start-up: the Vector API ones when the {@code jdk.incubator.vector} module is
 * in the boot layer (the build adds {@code --add-modules jdk.incubator.vector} everywhere it runs
 * Java), ojalgo's product and the scalar element-wise code otherwise. The classes that touch the
 * incubator API are only loaded when the module is present.
 */
public final class Kernels {

    private static final System.Logger LOG = System.getLogger(Kernels.class.getName());
    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final MatMul OJALGO = new OjalgoMatMul();
    private static final Pointwise SCALAR = new ScalarPointwise();
    private static volatile MatMul vectorMatMul;
    private static volatile Pointwise vectorPointwise;
    private static volatile boolean logged;

    private Kernels() {
    }

    /** Columns of a packed panel: three SIMD vectors of floats (24 when the vector kernel is absent). */
    static int panelWidth() {
        return VECTOR ? 3 * VectorShape.FLOATS.length() : 24;
    }

    /** True when the Vector API module is present, so {@code vector} kernels can be used. */
    public static boolean vectorAvailable() {
        return VECTOR;
    }

    /** The product named {@code vector} or {@code ojalgo}; {@code auto} (or null) picks the fastest available. */
    public static MatMul matMul(String name) {
        String n = name == null ? "auto" : name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "ojalgo":
                return OJALGO;
            case "vector":
                if (!VECTOR) {
                    throw new IllegalStateException("the vector kernel needs the JVM option --add-modules jdk.incubator.vector");
                }
                return vector();
            case "auto":
                MatMul chosen = VECTOR ? vector() : OJALGO;
                if (!logged) {
                    logged = true;
                    LOG.log(System.Logger.Level.INFO, "Matrix kernel: {0}{1}", chosen.name(),
                            VECTOR ? " (Java Vector API, " + VectorShape.FLOATS.vectorBitSize() + "-bit)"
                                    : " (jdk.incubator.vector absent: add --add-modules jdk.incubator.vector for the fast kernel)");
                }
                return chosen;
            default:
                throw new IllegalArgumentException("unknown kernel '" + name + "': expected auto, vector or ojalgo");
        }
    }

    public static MatMul ojalgo() {
        return OJALGO;
    }

    /** Element-wise arithmetic for a precision: SIMD for float32 when available, scalar otherwise. */
    public static Pointwise pointwise(Precision precision) {
        if (precision == Precision.FLOAT32 && VECTOR) {
            Pointwise p = vectorPointwise;
            if (p == null) {
                p = vectorPointwise = new VectorPointwise();
            }
            return p;
        }
        return SCALAR;
    }

    /** The scalar element-wise reference, whatever the module situation. */
    public static Pointwise scalarPointwise() {
        return SCALAR;
    }

    /**
     * Adam's update of elements [from, to) of float32 parameters {@code w} with gradients {@code g} and
     * moments {@code m}, {@code v}, in SIMD lanes; needs {@link #vectorAvailable()}. The rule and its
     * scalar form live in {@code Optimizer.Adam}, which decides when to call this.
     */
    public static void adamFloat32(Storage w, Storage g, Storage m, Storage v, int from, int to, AdamStep step) {
        if (!VECTOR || w.f == null || g.f == null || m.f == null || v.f == null) {
            throw new IllegalStateException("the float32 Adam kernel needs float32 storages and the vector module");
        }
        VectorAdam.update(w.f, g.f, m.f, v.f, from, to, step);
    }

    private static MatMul vector() {
        MatMul m = vectorMatMul;
        if (m == null) {
            m = vectorMatMul = new VectorMatMul(OJALGO);
        }
        return m;
    }
}
