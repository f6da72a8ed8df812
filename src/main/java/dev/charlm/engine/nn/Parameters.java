package dev.charlm.engine.nn;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Storage;
import dev.charlm.engine.kernel.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All parameters of a network in one {@link Storage}, in this order and these shapes:
 * <pre>
 *   embedding        (V × E)      only when embeddingSize > 0
 *   layers.l.wx      (E_l × G·H)  input weights of the G gates side by side; E_0 = E or V, E_l = H above
 *   layers.l.wh      (H × G·H)    recurrent weights, same gate order
 *   layers.l.b       (1 × G·H)    biases
 *   output.w         (H × V)
 *   output.b         (1 × V)
 * </pre>
 * Gate order inside G·H: rnn [h], gru [z r h~], lstm [i f g o]. Gradients and optimizer moments use
 * another Parameters of the same layout, so one index means the same weight in all of them.
 */
public final class Parameters {

    private final ModelConfig config;
    private final Storage storage;
    private final Map<String, Tensor> tensors;

    private Parameters(ModelConfig config, Storage storage) {
        this.config = config;
        this.storage = storage;
        Map<String, Tensor> map = new LinkedHashMap<>();
        int[] offset = {0};
        for (Shape s : layout(config)) {
            map.put(s.name(), storage.view(offset[0], s.rows(), s.cols()));
            offset[0] += s.rows() * s.cols();
        }
        this.tensors = Collections.unmodifiableMap(map);
    }

    /** A named parameter shape. */
    public record Shape(String name, int rows, int cols) {
    }

    public static List<Shape> layout(ModelConfig c) {
        List<Shape> shapes = new ArrayList<>();
        int gh = c.gateWidth();
        if (c.hasEmbedding()) {
            shapes.add(new Shape("embedding", c.vocabSize(), c.embeddingSize()));
        }
        for (int l = 0; l < c.layers(); l++) {
            shapes.add(new Shape("layers." + l + ".wx", c.inputWidth(l), gh));
            shapes.add(new Shape("layers." + l + ".wh", c.hiddenSize(), gh));
            shapes.add(new Shape("layers." + l + ".b", 1, gh));
        }
        shapes.add(new Shape("output.w", c.hiddenSize(), c.vocabSize()));
        shapes.add(new Shape("output.b", 1, c.vocabSize()));
        return shapes;
    }

    public static int count(ModelConfig c) {
        int n = 0;
        for (Shape s : layout(c)) {
            n += s.rows() * s.cols();
        }
        return n;
    }

    /** Weights that take part in matrix products (all but biases and the input lookup table), for FLOP counts. */
    public static long matmulWeights(ModelConfig c) {
        long n = 0;
        for (int l = 0; l < c.layers(); l++) {
            if (l > 0 || c.hasEmbedding()) {
                n += (long) c.inputWidth(l) * c.gateWidth();
            }
            n += (long) c.hiddenSize() * c.gateWidth();
        }
        return n + (long) c.hiddenSize() * c.vocabSize();
    }

    public static Parameters zeros(ModelConfig config, Precision precision) {
        return new Parameters(config, Storage.allocate(precision, count(config)));
    }

    /** An independent copy (same precision). */
    public Parameters copy() {
        return new Parameters(config, storage.copy());
    }

    /** A zero set with the same layout and precision: for gradients and optimizer moments. */
    public Parameters zerosLike() {
        return zeros(config, storage.precision());
    }

    public ModelConfig config() {
        return config;
    }

    public Storage storage() {
        return storage;
    }

    public Precision precision() {
        return storage.precision();
    }

    public int size() {
        return storage.size();
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return t;
    }

    public Tensor embedding() {
        return get("embedding");
    }

    public Tensor wx(int layer) {
        return get("layers." + layer + ".wx");
    }

    public Tensor wh(int layer) {
        return get("layers." + layer + ".wh");
    }

    public Tensor b(int layer) {
        return get("layers." + layer + ".b");
    }

    public Tensor wq() {
        return get("output.w");
    }

    public Tensor bq() {
        return get("output.b");
    }

    public void zero() {
        storage.fill(0);
    }

    public void copyFrom(Parameters other) {
        storage.copyFrom(other.storage);
    }
}
