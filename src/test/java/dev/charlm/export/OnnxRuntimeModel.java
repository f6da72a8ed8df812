package dev.charlm.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An exported model in an ONNX Runtime session, used as a consumer of the file would use it. */
record OnnxRuntimeModel(OrtSession session, ModelConfig config) implements AutoCloseable {

    record Result(float[][][] logits, Map<String, float[][][]> states) {
    }

    List<String> stateInputs() {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            names.add(OnnxGraph.initialHidden(l));
            if (config.cell() == CellType.LSTM) {
                names.add(OnnxGraph.initialCell(l));
            }
        }
        return names;
    }

    Map<String, float[][][]> zeroState(int batch) {
        Map<String, float[][][]> s = new HashMap<>();
        for (String name : stateInputs()) {
            s.put(name, new float[1][batch][config.hiddenSize()]);
        }
        return s;
    }

    /** The final states of a run as the initial states of the next. */
    Map<String, float[][][]> carried(Result r) {
        Map<String, float[][][]> s = new HashMap<>();
        r.states().forEach((name, v) -> s.put(name.replace("hn_", "h0_").replace("cn_", "c0_"), v));
        return s;
    }

    Result run(long[][] ids, Map<String, float[][][]> state) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(OnnxGraph.INPUT_IDS, OnnxTensor.createTensor(env, ids));
            for (String name : stateInputs()) {
                inputs.put(name, OnnxTensor.createTensor(env, state.get(name)));
            }
            try (OrtSession.Result r = session.run(inputs)) {
                float[][][] logits = (float[][][]) r.get(OnnxGraph.LOGITS).orElseThrow().getValue();
                Map<String, float[][][]> states = new HashMap<>();
                for (var e : r) {
                    if (!e.getKey().equals(OnnxGraph.LOGITS)) {
                        states.put(e.getKey(), (float[][][]) e.getValue().getValue());
                    }
                }
                return new Result(logits, states);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Greedy decoding as a consumer of the file would write it: the prefix (after the zero input in
     * line mode) in one run, then one token per run with the state passed back, until the length or
     * the end of line.
     */
    String greedy(LanguageModel model, String prefix, int length) throws OrtException {
        int[] prefixIds = model.encode(prefix);
        long[] first = new long[prefixIds.length + (model.lineMode() ? 1 : 0)];
        int k = 0;
        if (model.lineMode()) {
            first[k++] = -1;
        }
        for (int id : prefixIds) {
            first[k++] = id;
        }
        Result r = run(new long[][] {first}, zeroState(1));
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < length; n++) {
            float[] last = r.logits()[0][r.logits()[0].length - 1];
            int best = 0;
            for (int v = 1; v < last.length; v++) {
                if (last[v] > last[best]) {
                    best = v;
                }
            }
            if (best == model.endOfLine()) {
                break;
            }
            text.append(model.vocabulary().render(best));
            r = run(new long[][] {{best}}, carried(r));
        }
        return text.toString();
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
