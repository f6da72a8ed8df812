package dev.charlm.engine.kernel;

/**
 * The element-wise kernels of one row of a recurrent cell and of the softmax output, forward and
 * backward side by side. The cells ({@code dev.charlm.engine.nn.RnnCell}, {@code GruCell},
 * {@code LstmCell}) and the network decide which to call on which buffers. Every method works on one
 * batch row: {@code H}-wide state rows and {@code G·H}-wide gate rows, each given as a tensor and an
 * element index inside it (plain ints, so the per-row calls allocate nothing).
 *
 * <p>Two implementations: {@link ScalarPointwise} (any precision, double arithmetic, obviously
 * correct; the float64 path and the reference in tests) and {@link VectorPointwise} (float32 SIMD).
 * Derivatives use outputs only (σ' = y(1 - y), tanh' = 1 - y²), so caches hold activations.
 */
public interface Pointwise {

    // ---- vanilla RNN: H = tanh(X W_xh + H_prev W_hh + b_h) ----

    /** h = tanh(pre). */
    void rnnForward(Tensor pre, int p, Tensor h, int ho, int H);

    /** dPre = (dhAbove + dhNext) ⊙ (1 - h²). */
    void rnnBackward(Tensor h, int ho, Tensor dhAbove, int da, Tensor dhNext, int dn, Tensor dPre, int dp, int H);

    // ---- LSTM, gate row [i f g o] (g is the candidate C~) ----

    /**
     * In place on the gate row: i, f, o = σ(pre), g = tanh(pre); then c = f ⊙ cPrev + i ⊙ g,
     * tanhC = tanh(c), h = o ⊙ tanhC.
     */
    void lstmForward(Tensor gates, int g, Tensor cPrev, int cp, Tensor c, int co, Tensor tanhC, int tc, Tensor h, int ho, int H);

    /**
     * With dh = dhAbove + dhNext: dO = dh ⊙ tanhC; dc = dcNext + dh ⊙ o ⊙ (1 - tanhC²);
     * dI = dc ⊙ g; dF = dc ⊙ cPrev; dG = dc ⊙ i; pre-activation gradients into dGates;
     * dcNext becomes dc ⊙ f (the gradient for cPrev).
     */
    void lstmBackward(Tensor gates, int g, Tensor cPrev, int cp, Tensor tanhC, int tc,
                      Tensor dhAbove, int da, Tensor dhNext, int dn, Tensor dcNext, int dc, Tensor dGates, int dg, int H);

    // ---- GRU, gate row [z r h~]; the reset gate multiplies H_prev W_hh after the product ----

    /**
     * gates holds X W_x + b (pre-activations of the x side), gh holds H_prev W_h: z = σ(x_z + gh_z),
     * r = σ(x_r + gh_r), h~ = tanh(x_h + r ⊙ gh_h), h = z ⊙ hPrev + (1 - z) ⊙ h~. Writes [z r h~] into
     * gates and gh_h into ghh (the backward pass needs it for dr).
     */
    void gruForward(Tensor gates, int g, Tensor gh, int gho, Tensor ghh, int ghho, Tensor hPrev, int hp, Tensor h, int ho, int H);

    /**
     * With dh = dhAbove + dhNext: dz = dh ⊙ (hPrev - h~), dh~ = dh ⊙ (1 - z), dh~pre = dh~ ⊙ (1 - h~²),
     * dr = dh~pre ⊙ gh_h. dGates (x side, bias) = [dz·σ', dr·σ', dh~pre]; dGh (h side) =
     * [dz·σ', dr·σ', dh~pre ⊙ r]; dhNext becomes dh ⊙ z, the direct part of the gradient for hPrev
     * (the caller adds dGh · W_hᵀ).
     */
    void gruBackward(Tensor gates, int g, Tensor ghh, int ghho, Tensor hPrev, int hp,
                     Tensor dhAbove, int da, Tensor dhNext, int dn, Tensor dGates, int dg, Tensor dGh, int dgh, int H);

    // ---- output ----

    /**
     * Softmax cross-entropy of one row of V logits against {@code target}: returns -log p[target] in
     * nats and overwrites the row with weight · (p - onehot(target)), the gradient of weight · loss.
     */
    double softmaxCrossEntropy(Tensor logits, int lo, int target, double weight, int V);

    /** Adds row vector {@code bias} (V wide, index 0) to a row. */
    void addBias(Tensor row, int ro, Tensor bias, int V);

    /** dst = a + b, element-wise over n elements. */
    void add(Tensor a, int ao, Tensor b, int bo, Tensor dst, int d, int n);

    /**
     * dst[j] += Σ_r src[r·cols + j] for columns j in [c0, c1), rows summed in order (a bias gradient).
     */
    void sumRows(Tensor src, int rows, int cols, int c0, int c1, Tensor dst);

    /** dst = a ⊙ b, element-wise over n elements. */
    void multiply(Tensor a, int ao, Tensor b, int bo, Tensor dst, int d, int n);
}
