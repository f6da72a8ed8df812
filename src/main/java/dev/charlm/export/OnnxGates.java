package dev.charlm.export;

import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.CellType;

/**
 * CharLM's fused gate columns as ONNX's gate rows. CharLM multiplies rows by (E × G·H) matrices whose
 * columns hold the G gate blocks side by side; ONNX's RNN, GRU and LSTM take W (G·H × E) and R
 * (G·H × H), the transposes, with the blocks in its own order. Values become float32 here.
 */
final class OnnxGates {

    private OnnxGates() {
    }

    /**
     * For each ONNX gate block, the CharLM block it is: rnn [h] → [h]; gru [z r h~] → zrh, the same;
     * lstm [i f g o] → iofc (ONNX's c is CharLM's candidate g).
     */
    static int[] charlmBlocks(CellType cell) {
        return switch (cell) {
            case RNN -> new int[] {0};
            case GRU -> new int[] {0, 1, 2};
            case LSTM -> new int[] {0, 3, 1, 2};
        };
    }

    /** (rows × G·H) CharLM weights → (G·H × rows) row-major, gate blocks in ONNX's order. */
    static float[] transposed(Tensor w, CellType cell, int hidden) {
        int[] blocks = charlmBlocks(cell);
        int rows = w.rows;
        float[] out = new float[blocks.length * hidden * rows];
        for (int g = 0; g < blocks.length; g++) {
            for (int j = 0; j < hidden; j++) {
                int col = blocks[g] * hidden + j;
                int at = (g * hidden + j) * rows;
                for (int r = 0; r < rows; r++) {
                    out[at + r] = (float) w.get(r, col);
                }
            }
        }
        return out;
    }

    /** (rows × G·H) CharLM weights → (rows × G·H) row-major, gate blocks in ONNX's order. */
    static float[] columns(Tensor w, CellType cell, int hidden) {
        int[] blocks = charlmBlocks(cell);
        int rows = w.rows;
        int width = blocks.length * hidden;
        float[] out = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < blocks.length; g++) {
                for (int j = 0; j < hidden; j++) {
                    out[r * width + g * hidden + j] = (float) w.get(r, blocks[g] * hidden + j);
                }
            }
        }
        return out;
    }

    /**
     * (1 × G·H) CharLM biases → ONNX's B (2·G·H): Wb in ONNX's order, then Rb = 0. CharLM adds every
     * bias on the input side; its GRU has no bias inside the reset product, which is ONNX's GRU with
     * linear_before_reset = 1 and Rb_h = 0.
     */
    static float[] bias(Tensor b, CellType cell, int hidden) {
        int[] blocks = charlmBlocks(cell);
        float[] out = new float[2 * blocks.length * hidden];
        for (int g = 0; g < blocks.length; g++) {
            for (int j = 0; j < hidden; j++) {
                out[g * hidden + j] = (float) b.get(blocks[g] * hidden + j);
            }
        }
        return out;
    }
}
