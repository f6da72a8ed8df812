package dev.charlm.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.charlm.engine.Rng;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exported graph in an ONNX Runtime session, driven one step per character for B streams, as
 * a careful consumer would: every tensor is created once over a direct buffer, outputs are pinned
 * to preallocated tensors, and the state ping-pongs between two sets of buffers.
 */
final class OrtGenerator implements AutoCloseable {
    private final OrtSession session;
    private final LanguageModel model;
    private final int batch;
    private final int V;
    private final LongBuffer ids;
    private final FloatBuffer logits;
    /** Per side (0, 1) the state inputs by name (h0_l*, c0_l*) and the matching outputs (hn_l*, cn_l*). */
    private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
    private final List<Map<String, OnnxValue>> outputs = new ArrayList<>();
    private final List<FloatBuffer> stateBuffers = new ArrayList<>();
    private final List<OnnxTensor> tensors = new ArrayList<>();
    private final double[] probs;
    private final int[] next;

    OrtGenerator(byte[] onnx, LanguageModel model, int batch, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        this.session = env.createSession(onnx, o);
        this.model = model;
        this.batch = batch;
        ModelConfig c = model.config();
        this.V = c.vocabSize();
        int H = c.hiddenSize();
        this.ids = direct(batch * 8L).asLongBuffer();
        this.logits = direct(4L * batch * V).asFloatBuffer();
        OnnxTensor idsTensor = track(OnnxTensor.createTensor(env, ids, new long[] {batch, 1}));
        OnnxTensor logitsTensor = track(OnnxTensor.createTensor(env, logits, new long[] {batch, 1, V}));
        // one state tensor per (input, output) name pair and side: side s reads its inputs from set s and
        // writes its outputs into set 1 - s, which the next step reads
        List<String[]> states = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            states.add(new String[] {"h0_l" + l, "hn_l" + l});
            if (c.cell() == CellType.LSTM) {
                states.add(new String[] {"c0_l" + l, "cn_l" + l});
            }
        }
        OnnxTensor[][] sets = new OnnxTensor[2][states.size()];
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < states.size(); k++) {
                FloatBuffer b = direct(4L * batch * H).asFloatBuffer();
                stateBuffers.add(b);
                sets[s][k] = track(OnnxTensor.createTensor(env, b, new long[] {1, batch, H}));
            }
        }
        for (int s = 0; s < 2; s++) {
            Map<String, OnnxTensor> in = new HashMap<>();
            Map<String, OnnxValue> out = new HashMap<>();
            in.put("input_ids", idsTensor);
            out.put("logits", logitsTensor);
            for (int k = 0; k < states.size(); k++) {
                in.put(states.get(k)[0], sets[s][k]);
                out.put(states.get(k)[1], sets[1 - s][k]);
            }
            inputs.add(in);
            outputs.add(out);
        }
        this.probs = new double[V];
        this.next = new int[batch];
    }

    private OnnxTensor track(OnnxTensor t) {
        tensors.add(t);
        return t;
    }

    private static ByteBuffer direct(long bytes) {
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    /** Warm-up on the prefix from the zero state, then {@code length} drawn characters per stream. */
    String generate(String prefix, int length, double temperature, long seed) throws OrtException {
        for (FloatBuffer b : stateBuffers) {
            for (int i = 0; i < b.capacity(); i++) {
                b.put(i, 0f);
            }
        }
        Rng[] rngs = new Rng[batch];
        StringBuilder[] texts = new StringBuilder[batch];
        for (int b = 0; b < batch; b++) {
            rngs[b] = new Rng(seed + b);
            texts[b] = new StringBuilder(length);
        }
        int[] prefixIds = model.encode(prefix);
        int side = 0;
        for (int k = 0; k < prefixIds.length + length - 1; k++) {
            for (int b = 0; b < batch; b++) {
                ids.put(b, k < prefixIds.length ? prefixIds[k] : next[b]);
            }
            session.run(inputs.get(side), outputs.get(side)).close();   // pinned outputs: the Result owns nothing
            side = 1 - side;
            if (k >= prefixIds.length - 1) {
                for (int b = 0; b < batch; b++) {
                    next[b] = draw(b * V, temperature, rngs[b]);
                    texts[b].append(model.vocabulary().render(next[b]));
                }
            }
        }
        if (texts[0].length() != length) {
            throw new IllegalStateException("short sample: " + texts[0].length());
        }
        return texts[0].toString();
    }

    /** softmax(logits / T) and one draw, in the arithmetic of CharLM's TokenPicker (no topK, no topP). */
    private int draw(int offset, double temperature, Rng rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            max = Math.max(max, logits.get(offset + v));
        }
        double sum = 0;
        for (int v = 0; v < V; v++) {
            probs[v] = Math.exp((logits.get(offset + v) - max) / temperature);
            sum += probs[v];
        }
        double u = rng.nextDouble() * sum;
        double acc = 0;
        int last = 0;
        for (int v = 0; v < V; v++) {
            if (probs[v] > 0) {
                acc += probs[v];
                last = v;
                if (u < acc) {
                    return v;
                }
            }
        }
        return last;
    }

    @Override
    public void close() throws OrtException {
        for (OnnxTensor t : tensors) {
            t.close();
        }
        session.close();
    }
}
