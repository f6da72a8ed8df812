package dev.charlm.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD lanes of Adam's update on float32 storages; the rule itself, and its scalar form, are in
 * {@code dev.charlm.engine.train.Optimizer.Adam}. Loaded only when the Vector API module is present.
 */
final class VectorAdam {

    private static final VectorSpecies<Float> S = VectorShape.FLOATS;
    private static final int L = S.length();

    private VectorAdam() {
    }

    /**
     * Elements [from, to): g' = g + wd·w; m = β1·m + (1-β1)·g'; v = β2·v + (1-β2)·g'²;
     * w -= step · m / (√v / c2 + ε). float32 arithmetic, as PyTorch's Adam on float32 parameters; the
     * tail repeats the lanes' operations.
     */
    static void update(float[] W, float[] G, float[] M, float[] Q, int from, int to, AdamStep s) {
        float b1 = (float) s.beta1(), b2 = (float) s.beta2(), a1 = (float) (1 - s.beta1()), a2 = (float) (1 - s.beta2());
        float eps = (float) s.epsilon(), wd = (float) s.weightDecay(), step = (float) s.stepSize(), inv = (float) (1 / s.c2());
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector gi = FloatVector.fromArray(S, G, i);
            FloatVector wi = FloatVector.fromArray(S, W, i);
            if (wd != 0) {
                gi = gi.add(wi.mul(wd));
            }
            FloatVector mi = FloatVector.fromArray(S, M, i).mul(b1).add(gi.mul(a1));
            FloatVector vi = FloatVector.fromArray(S, Q, i).mul(b2).add(gi.mul(gi).mul(a2));
            mi.intoArray(M, i);
            vi.intoArray(Q, i);
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).mul(inv).add(eps);
            wi.sub(mi.mul(step).div(denom)).intoArray(W, i);
        }
        for (; i < to; i++) {
            float gi = G[i];
            float wi = W[i];
            if (wd != 0) {
                gi = gi + wi * wd;
            }
            float mi = M[i] * b1 + gi * a1;
            float vi = Q[i] * b2 + gi * gi * a2;
            M[i] = mi;
            Q[i] = vi;
            float denom = (float) Math.sqrt(vi) * inv + eps;
            W[i] = wi - mi * step / denom;
        }
    }
}
