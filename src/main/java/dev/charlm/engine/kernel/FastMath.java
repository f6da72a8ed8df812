package dev.charlm.engine.kernel;

/**
 * float32 exp, tanh and sigmoid built only from +, ×, FMA and division, so the scalar versions here
 * and the SIMD lanes of {@link VectorPointwise} give bit-identical results (a run is reproducible no
 * matter which path, interpreter or JIT, touched an element).
 *
 * <ul>
 *   <li>exp: Cephes' expf (range reduction by ln 2 in two parts, degree-5 polynomial), relative
 *       error below 1e-7 on [-87, 88].</li>
 *   <li>tanh: the 13/6 rational approximation of Eigen's fast float tanh, with inputs clamped to
 *       [-9, 9] (Eigen clamps at 7.9; the rational stays accurate to 9, where it reaches exactly ±1, so
 *       saturated gates are exactly 0 or 1) and outputs clamped to [-1, 1] (between 8.04 and 9 the
 *       rational overshoots by an ulp), relative error below 4e-7.</li>
 *   <li>sigmoid(x) = 0.5 + 0.5·tanh(x / 2), which keeps sigmoid exact at 0 and saturating at ±∞, and
 *       inside [0, 1] because tanh is inside [-1, 1].</li>
 * </ul>
 */
public final class FastMath {

    static final float EXP_HI = 88.3762626647949f;
    static final float EXP_LO = -87.3365447504f;
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5 · 2^23: adding and subtracting it rounds a float to the nearest integer. */
    static final float ROUND = 12582912f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float E0 = 1.9875691500e-4f;
    static final float E1 = 1.3981999507e-3f;
    static final float E2 = 8.3334519073e-3f;
    static final float E3 = 4.1665795894e-2f;
    static final float E4 = 1.6666665459e-1f;
    static final float E5 = 5.0000001201e-1f;

    static final float TANH_CLAMP = 9f;
    static final float A1 = 4.89352455891786e-03f;
    static final float A3 = 6.37261928875436e-04f;
    static final float A5 = 1.48572235717979e-05f;
    static final float A7 = 5.12229709037114e-08f;
    static final float A9 = -8.60467152213735e-11f;
    static final float A11 = 2.00018790482477e-13f;
    static final float A13 = -2.76076847742355e-16f;
    static final float B0 = 4.89352518554385e-03f;
    static final float B2 = 2.26843463243900e-03f;
    static final float B4 = 1.18534705686654e-04f;
    static final float B6 = 1.19825839466702e-06f;

    private FastMath() {
    }

    public static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float n = (x * LOG2E + ROUND) - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float z = r * r;
        float y = Math.fma(E0, r, E1);
        y = Math.fma(y, r, E2);
        y = Math.fma(y, r, E3);
        y = Math.fma(y, r, E4);
        y = Math.fma(y, r, E5);
        y = Math.fma(y, z, r) + 1f;
        return y * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    public static float tanh(float x) {
        x = Math.min(Math.max(x, -TANH_CLAMP), TANH_CLAMP);
        float x2 = x * x;
        float p = Math.fma(x2, A13, A11);
        p = Math.fma(p, x2, A9);
        p = Math.fma(p, x2, A7);
        p = Math.fma(p, x2, A5);
        p = Math.fma(p, x2, A3);
        p = Math.fma(p, x2, A1);
        p = p * x;
        float q = Math.fma(x2, B6, B4);
        q = Math.fma(q, x2, B2);
        q = Math.fma(q, x2, B0);
        // the rational overshoots ±1 by an ulp for 8.04 < |x| < 9; clamped, 1 - y² and y(1 - y) stay >= 0
        return Math.min(Math.max(p / q, -1f), 1f);
    }

    public static float sigmoid(float x) {
        return Math.fma(0.5f, tanh(0.5f * x), 0.5f);
    }
}
