package dev.charlm.engine.kernel;

/**
 * float32 SIMD forms of the recurrent cells' element-wise rows, forward and backward side by side. The
 * cells ({@code dev.charlm.engine.nn.RnnCell}, {@code GruCell}, {@code LstmCell}) hold the scalar
 * forms, the reference these follow, and decide when to call these: only on float32 tensors. Every
 * method works on one batch row: {@code H}-wide state rows and {@code G·H}-wide gate rows, each given
 * as a {@link Row}. Derivatives use outputs only (σ' = y(1 - y),
 * tanh' = 1 - y²), so caches hold activations.
 */
public interface CellKernels {

    // ---- vanilla RNN: H = tanh(X W_xh + H_prev W_hh + b_h) ----

    /** h = tanh(pre). */
    void rnnForward(Row pre, Row h, int H);

    /** dPre = (dhAbove + dhNext) ⊙ (1 - h²). */
    void rnnBackward(Row h, Row dhAbove, Row dhNext, Row dPre, int H);

    // ---- LSTM, gate row [i f g o] (g is the candidate C~) ----

    /**
     * In place on the gate row: i, f, o = σ(pre), g = tanh(pre); then c = f ⊙ cPrev + i ⊙ g,
     * tanhC = tanh(c), h = o ⊙ tanhC.
     */
    void lstmForward(Row gates, Row cPrev, Row c, Row tanhC, Row h, int H);

    /**
     * With dh = dhAbove + dhNext: dO = dh ⊙ tanhC; dc = dcNext + dh ⊙ o ⊙ (1 - tanhC²);
     * dI = dc ⊙ g; dF = dc ⊙ cPrev; dG = dc ⊙ i; pre-activation gradients into dGates;
     * dcNext becomes dc ⊙ f (the gradient for cPrev).
     */
    void lstmBackward(Row gates, Row cPrev, Row tanhC, Row dhAbove, Row dhNext, Row dcNext, Row dGates, int H);

    // ---- GRU, gate row [z r h~]; the reset gate multiplies H_prev W_hh after the product ----

    /**
     * gates holds X W_x + b (pre-activations of the x side), gh holds H_prev W_h: z = σ(x_z + gh_z),
     * r = σ(x_r + gh_r), h~ = tanh(x_h + r ⊙ gh_h), h = z ⊙ hPrev + (1 - z) ⊙ h~. Writes [z r h~] into
     * gates and gh_h into ghh (the backward pass needs it for dr).
     */
    void gruForward(Row gates, Row gh, Row ghh, Row hPrev, Row h, int H);

    /**
     * With dh = dhAbove + dhNext: dz = dh ⊙ (hPrev - h~), dh~ = dh ⊙ (1 - z), dh~pre = dh~ ⊙ (1 - h~²),
     * dr = dh~pre ⊙ gh_h. dGates (x side, bias) = [dz·σ', dr·σ', dh~pre]; dGh (h side) =
     * [dz·σ', dr·σ', dh~pre ⊙ r]; dhNext becomes dh ⊙ z, the direct part of the gradient for hPrev
     * (the caller adds dGh · W_hᵀ).
     */
    void gruBackward(Row gates, Row ghh, Row hPrev, Row dhAbove, Row dhNext, Row dGates, Row dGh, int H);
}
