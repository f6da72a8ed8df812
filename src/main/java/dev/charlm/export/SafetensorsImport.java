package dev.charlm.export;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.train.Batching;
import dev.charlm.engine.train.BatchingMode;
import dev.charlm.engine.train.ModelOptions;
import dev.charlm.engine.train.TrainingConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file in {@link StateDict}'s layout, written by CharLM or by PyTorch, as a CharLM model.
 * The container is checked by {@link SafetensorsReader}, the metadata by {@link SafetensorsMetadata};
 * here the tensors are checked against the metadata (the same names, each the shape the metadata implies,
 * one dtype) before one weight is allocated, so every allocation is bounded by the real file.
 */
final class SafetensorsImport {

    /** The same bound as a trained model's (training.RequestResolver.MAX_PARAMETERS). */
    static final long MAX_PARAMETERS = 100_000_000L;

    /** The imported model and the training config that describes it (defaults for what the file does not say). */
    record Imported(LanguageModel model, TrainingConfig config) {
    }

    private SafetensorsImport() {
    }

    static Imported read(SafetensorsReader.Source source) throws IOException {
        SafetensorsReader.Contents file = SafetensorsReader.read(source);
        SafetensorsMetadata.Declared d = SafetensorsMetadata.parse(file.metadata());
        Map<String, SafetensorsReader.TensorInfo> tensors = file.tensors();
        int embedding = embeddingSize(d, tensors);
        ModelConfig shape = new ModelConfig(d.cell(), d.layers(), d.hiddenSize(), embedding, d.vocabulary().size(), d.dropout());
        List<StateDict.Entry> layout = checkNames(shape, tensors);
        Precision precision = precision(d, tensors);
        long total = 0;
        for (StateDict.Entry e : layout) {
            SafetensorsReader.TensorInfo t = tensors.get(e.name());
            if (!Arrays.equals(t.shape(), e.shape())) {
                throw SafetensorsReader.invalid(mismatch(d, e, t));
            }
            total += t.elements();
        }
        if (total > MAX_PARAMETERS) {
            throw SafetensorsReader.invalid("the model has " + total + " parameters; CharLM serves at most " + MAX_PARAMETERS);
        }
        Parameters weights = Parameters.zeros(shape, precision);
        for (StateDict.Entry e : layout) {
            fill(file, tensors.get(e.name()), e, weights);
        }
        TrainingConfig defaults = TrainingConfig.defaults();
        ModelOptions model = new ModelOptions(d.cell(), d.layers(), d.hiddenSize(), embedding, d.dropout(), defaults.model().init(), precision);
        Batching b = defaults.batching();
        TrainingConfig config = defaults.withModel(model).withText(d.text())
                .withBatching(new Batching(d.text().lineMode() ? BatchingMode.LINES : b.mode(), b.seqLength(), b.batchSize(), b.randomOffset()));
        return new Imported(new LanguageModel(shape, d.text(), d.vocabulary(), weights), config);
    }

    /** E from embedding.weight (V, E), checked against the metadata; 0 for a one-hot model. */
    private static int embeddingSize(SafetensorsMetadata.Declared d, Map<String, SafetensorsReader.TensorInfo> tensors) {
        if (!d.embedding()) {
            return 0;
        }
        SafetensorsReader.TensorInfo t = tensors.get("embedding.weight");
        if (t == null || t.shape().length != 2 || t.shape()[1] < 1 || t.shape()[1] > Integer.MAX_VALUE) {
            throw SafetensorsReader.invalid("input is embedding, so the file needs embedding.weight of shape [V, E] with E >= 1"
                    + (t == null ? "; it has none" : "; it is " + Arrays.toString(t.shape())));
        }
        int e = (int) t.shape()[1];
        if (d.embeddingSize() != null && d.embeddingSize() != e) {
            throw SafetensorsReader.invalid("metadata charlm.embedding_size is " + d.embeddingSize() + " but embedding.weight is "
                    + Arrays.toString(t.shape()));
        }
        return e;
    }

    /** The file holds exactly the tensors the metadata implies (at most 4 × 1000 + 3: the layer count is bounded). */
    private static List<StateDict.Entry> checkNames(ModelConfig shape, Map<String, SafetensorsReader.TensorInfo> tensors) {
        List<StateDict.Entry> layout = StateDict.layout(shape);
        Set<String> names = new HashSet<>();
        layout.forEach(e -> names.add(e.name()));
        List<String> unknown = tensors.keySet().stream().filter(n -> !names.contains(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw SafetensorsReader.invalid("unknown tensors " + unknown + " for a " + shape.cell() + " of " + shape.layers()
                    + " layers (a CharLM file has embedding.weight when input is embedding, rnn.weight_ih_l{k}, rnn.weight_hh_l{k},"
                    + " rnn.bias_ih_l{k}, rnn.bias_hh_l{k} for each layer k, decoder.weight and decoder.bias)");
        }
        if (layout.size() != tensors.size()) {
            List<String> missing = layout.stream().map(StateDict.Entry::name).filter(n -> !tensors.containsKey(n)).limit(10).toList();
            throw SafetensorsReader.invalid("the metadata describes a " + shape.cell() + " of " + shape.layers() + " layers, which has "
                    + layout.size() + " tensors; the file has " + tensors.size() + ", missing " + missing
                    + (layout.size() - tensors.size() > 10 ? " and more" : ""));
        }
        return layout;
    }

    /** One dtype for every tensor: F64 gives a float64 model, F32, F16 and BF16 (widened exactly) a float32 one. */
    private static Precision precision(SafetensorsMetadata.Declared d, Map<String, SafetensorsReader.TensorInfo> tensors) {
        Set<Dtype> dtypes = new HashSet<>();
        tensors.values().forEach(t -> dtypes.add(t.dtype()));
        if (dtypes.size() > 1) {
            throw SafetensorsReader.invalid("the tensors mix dtypes " + new java.util.TreeSet<>(dtypes) + "; CharLM imports one dtype per file");
        }
        Precision p = dtypes.contains(Dtype.F64) ? Precision.FLOAT64 : Precision.FLOAT32;
        if (d.precision() != null && d.precision() != p) {
            throw SafetensorsReader.invalid("metadata charlm.precision is " + d.precision() + " but the tensors are " + dtypes.iterator().next());
        }
        return p;
    }

    private static String mismatch(SafetensorsMetadata.Declared d, StateDict.Entry e, SafetensorsReader.TensorInfo t) {
        String why = e.name().startsWith("decoder.") || e.name().equals("embedding.weight") ? " (the vocabulary has " + d.vocabulary().size() + " tokens)"
                : e.name().contains("_l0") && !d.embedding() && e.name().contains("weight_ih") ? " (a one-hot input is V = " + d.vocabulary().size() + " wide)"
                : "";
        return "tensor " + e.name() + " is " + Arrays.toString(t.shape()) + " but a " + d.cell() + " with hidden_size " + d.hiddenSize()
                + " needs " + Arrays.toString(e.shape()) + why;
    }

    private static void fill(SafetensorsReader.Contents file, SafetensorsReader.TensorInfo t, StateDict.Entry e, Parameters weights)
            throws IOException {
        Tensor target = e.mapping().tensor(weights);
        if (e.kind() == StateDict.Kind.COPY) {
            file.read(t, (i, v) -> target.set(e.mapping().index(i), v));
            return;
        }
        // bias_hh: added to CharLM's one bias, where PyTorch adds both to the same pre-activation
        int h = weights.config().hiddenSize();
        file.read(t, (i, v) -> {
            int at = e.mapping().index(i);
            if (at >= 0) {
                target.add(at, v);
            } else if (v != 0) {
                throw SafetensorsReader.invalid("tensor " + e.name() + " has b_hn[" + (i - 2 * h) + "] = " + v + ": PyTorch's GRU adds b_hn "
                        + "inside the reset gate, n = tanh(W_in x + b_in + r * (W_hn h + b_hn)); CharLM's GRU has no such bias, so no CharLM "
                        + "model computes the same function; keep rnn.bias_hh_l{k}[2H:] at zero while training in PyTorch");
            }
        });
    }
}
