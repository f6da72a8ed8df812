package dev.charlm.export;

import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * CharLM's parameters as PyTorch's {@code state_dict} of {@code nn.Embedding} (when E > 0),
 * {@code nn.RNN | nn.GRU | nn.LSTM} under {@code rnn.} and {@code nn.Linear} under {@code decoder.}.
 * This class owns the mapping between the two layouts; each PyTorch shape is written once, below.
 *
 * <p>CharLM keeps {@code wx (E_l × G·H)}, {@code wh (H × G·H)}, one bias {@code (1 × G·H)} and
 * {@code output.w (H × V)}; PyTorch keeps the transposes, two biases, and its own gate order. PyTorch's
 * gate k is CharLM's gate {@link #charlmGate}: the LSTM's i, f, g, o are the same, the GRU's r, z, n
 * are CharLM's z, r, h~ swapped in the first two. CharLM's GRU is PyTorch's with b_hn = 0 (its reset gate
 * multiplies H W_hn alone), so the single bias goes to {@code bias_ih} and {@code bias_hh} is zero.
 */
final class StateDict {

    /** What a PyTorch element is in CharLM: added to its bias ({@code bias_hh}), or copied. */
    enum Kind { COPY, ADD_TO_BIAS }

    /**
     * One PyTorch tensor and where its elements live in CharLM.
     *
     * @param shape PyTorch's shape, row-major
     */
    record Entry(String name, long[] shape, Kind kind, Mapping mapping) {

        long elements() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    /** PyTorch's flat index i → CharLM's tensor and element; -1 where CharLM holds an implicit zero. */
    interface Mapping {
        Tensor tensor(Parameters p);

        int index(int i);
    }

    private StateDict() {
    }

    /** PyTorch's gate k in CharLM's gate row. */
    static int charlmGate(CellType cell, int k) {
        return cell == CellType.GRU ? new int[] {1, 0, 2}[k] : k;
    }

    /** The names and shapes of the file's tensors, in the order they are written. */
    static List<Entry> layout(ModelConfig c) {
        int h = c.hiddenSize();
        int v = c.vocabSize();
        int gh = c.gateWidth();
        List<Entry> out = new ArrayList<>();
        if (c.hasEmbedding()) {
            int e = c.embeddingSize();
            // embedding.weight (V, E): the same layout as CharLM's embedding
            out.add(new Entry("embedding.weight", new long[] {v, e}, Kind.COPY, mapping(Parameters::embedding, i -> i)));
        }
        for (int l = 0; l < c.layers(); l++) {
            int layer = l;
            int in = c.inputWidth(l);
            // rnn.weight_ih_l{k} (G·H, E_l) and rnn.weight_hh_l{k} (G·H, H): CharLM's wx and wh transposed, gates reordered
            out.add(new Entry("rnn.weight_ih_l" + l, new long[] {gh, in}, Kind.COPY,
                    mapping(p -> p.wx(layer), i -> (i % in) * gh + gateColumn(c, i / in))));
            out.add(new Entry("rnn.weight_hh_l" + l, new long[] {gh, h}, Kind.COPY,
                    mapping(p -> p.wh(layer), i -> (i % h) * gh + gateColumn(c, i / h))));
            // rnn.bias_ih_l{k} (G·H): CharLM's bias; rnn.bias_hh_l{k} (G·H): zero, or added to it on import
            out.add(new Entry("rnn.bias_ih_l" + l, new long[] {gh}, Kind.COPY, mapping(p -> p.b(layer), i -> gateColumn(c, i))));
            out.add(new Entry("rnn.bias_hh_l" + l, new long[] {gh}, Kind.ADD_TO_BIAS, mapping(p -> p.b(layer),
                    i -> c.cell() == CellType.GRU && i >= 2 * h ? -1 : gateColumn(c, i))));
        }
        // decoder.weight (V, H): CharLM's output.w transposed; decoder.bias (V)
        out.add(new Entry("decoder.weight", new long[] {v, h}, Kind.COPY, mapping(Parameters::wq, i -> (i % h) * v + i / h)));
        out.add(new Entry("decoder.bias", new long[] {v}, Kind.COPY, mapping(Parameters::bq, i -> i)));
        return out;
    }

    /** CharLM's column in the gate row of PyTorch's gate row r (gate r / H, unit r % H). */
    private static int gateColumn(ModelConfig c, int r) {
        int h = c.hiddenSize();
        return charlmGate(c.cell(), r / h) * h + r % h;
    }

    private static Mapping mapping(java.util.function.Function<Parameters, Tensor> tensor, java.util.function.IntUnaryOperator index) {
        return new Mapping() {
            @Override
            public Tensor tensor(Parameters p) {
                return tensor.apply(p);
            }

            @Override
            public int index(int i) {
                return index.applyAsInt(i);
            }
        };
    }

    /** The PyTorch tensor's element i, from CharLM's parameters. */
    static double value(Parameters p, Entry e, int i) {
        if (e.kind() == Kind.ADD_TO_BIAS) {
            return 0;
        }
        return e.mapping().tensor(p).get(e.mapping().index(i));
    }
}
