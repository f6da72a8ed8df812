/**
 * The CharLM engine: character-level RNN, GRU and LSTM language models in plain Java on ojalgo.
 * Nothing in this package or below imports Spring (a test checks it).
 *
 * <p>Dimension letters used in every shape comment of the engine:
 * <ul>
 *   <li>{@code B}: batch size, the number of parallel sequences (streams)</li>
 *   <li>{@code T}: time steps of one truncated-BPTT window</li>
 *   <li>{@code V}: vocabulary size</li>
 *   <li>{@code E}: input width of a layer (V for the one-hot lookup, the embedding size, or H below)</li>
 *   <li>{@code H}: hidden units per layer</li>
 *   <li>{@code G}: gate blocks of a cell (1 rnn, 3 gru, 4 lstm); fused gate width is {@code G·H}</li>
 *   <li>{@code L}: stacked layers</li>
 * </ul>
 * Matrices are row-major. Sequence buffers are batch-major: row {@code b·T + t} holds sequence b at
 * step t, so half of a batch is one contiguous block and a thread can own it for a whole window.
 */
package dev.charlm.engine;
