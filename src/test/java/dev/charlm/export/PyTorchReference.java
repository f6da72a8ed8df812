package dev.charlm.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's equations, read straight from a safetensors file by PyTorch's names, one token at a time from a
 * zero state, in double precision: the obviously correct other side of the export. nn.RNN (tanh):
 * h = tanh(W_ih x + b_ih + W_hh h + b_hh); nn.LSTM, gates i f g o: c = f c + i g, h = o tanh(c); nn.GRU,
 * gates r z n: n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h = (1 - z) n + z h; logits = W_dec h + b_dec.
 */
final class PyTorchReference {

    private final Map<String, double[]> t = new HashMap<>();
    private final Map<String, long[]> shapes = new HashMap<>();
    private final String cell;
    private final int layers;
    private final int hidden;

    PyTorchReference(byte[] file) {
        try {
            SafetensorsReader.Contents c = SafetensorsReader.read(SafetensorsReader.Source.of(file));
            for (SafetensorsReader.TensorInfo info : c.tensors().values()) {
                double[] values = new double[(int) info.elements()];
                c.read(info, (i, v) -> values[i] = v);
                t.put(info.name(), values);
                shapes.put(info.name(), info.shape());
            }
            cell = c.metadata().get("cell");
            layers = Integer.parseInt(c.metadata().get("layers"));
            hidden = Integer.parseInt(c.metadata().get("hidden_size"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Row t: the logits after token ids[t], the state carried from the tokens before. */
    List<double[]> logits(int[] ids) {
        int v = (int) shapes.get("decoder.bias")[0];
        double[][] h = new double[layers][hidden];
        double[][] c = new double[layers][hidden];
        List<double[]> out = new ArrayList<>();
        for (int id : ids) {
            double[] x;
            if (t.containsKey("embedding.weight")) {
                int e = (int) shapes.get("embedding.weight")[1];
                x = new double[e];
                System.arraycopy(t.get("embedding.weight"), id * e, x, 0, e);
            } else {
                x = new double[v];
                x[id] = 1;
            }
            for (int l = 0; l < layers; l++) {
                double[] gi = affine(t.get("rnn.weight_ih_l" + l), x, t.get("rnn.bias_ih_l" + l));
                double[] gh = affine(t.get("rnn.weight_hh_l" + l), h[l], t.get("rnn.bias_hh_l" + l));
                double[] next = new double[hidden];
                int H = hidden;
                for (int j = 0; j < H; j++) {
                    switch (cell) {
                        case "rnn" -> next[j] = Math.tanh(gi[j] + gh[j]);
                        case "lstm" -> {
                            double i = sigmoid(gi[j] + gh[j]);
                            double f = sigmoid(gi[H + j] + gh[H + j]);
                            double g = Math.tanh(gi[2 * H + j] + gh[2 * H + j]);
                            double o = sigmoid(gi[3 * H + j] + gh[3 * H + j]);
                            c[l][j] = f * c[l][j] + i * g;
                            next[j] = o * Math.tanh(c[l][j]);
                        }
                        case "gru" -> {
                            double r = sigmoid(gi[j] + gh[j]);
                            double z = sigmoid(gi[H + j] + gh[H + j]);
                            double n = Math.tanh(gi[2 * H + j] + r * gh[2 * H + j]);
                            next[j] = (1 - z) * n + z * h[l][j];
                        }
                        default -> throw new IllegalStateException(cell);
                    }
                }
                h[l] = next;
                x = next;
            }
            out.add(affine(t.get("decoder.weight"), x, t.get("decoder.bias")));
        }
        return out;
    }

    /** W x + b, W row-major (rows = b.length). */
    private static double[] affine(double[] w, double[] x, double[] b) {
        double[] y = b.clone();
        for (int r = 0; r < y.length; r++) {
            for (int k = 0; k < x.length; k++) {
                y[r] += w[r * x.length + k] * x[k];
            }
        }
        return y;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
