package dev.charlm.export;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A safetensors file taken apart (metadata, and each tensor's dtype, shape and raw bytes) and put back
 * together with consistent offsets, so a test can change one thing and keep the rest valid; or its header
 * edited as JSON over the same data, for the offset rules.
 */
final class RawFile {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Tensor(String dtype, long[] shape, byte[] data) {
    }

    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, Tensor> tensors = new LinkedHashMap<>();

    static RawFile of(byte[] file) {
        RawFile f = new RawFile();
        int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        JsonNode h = JSON.readTree(Arrays.copyOfRange(file, 8, 8 + n));
        h.properties().forEach(e -> {
            if (e.getKey().equals("__metadata__")) {
                e.getValue().properties().forEach(m -> f.metadata.put(m.getKey(), m.getValue().stringValue()));
            } else {
                JsonNode t = e.getValue();
                long[] shape = new long[t.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.get("shape").get(i).longValue();
                }
                int begin = 8 + n + t.get("data_offsets").get(0).intValue();
                int end = 8 + n + t.get("data_offsets").get(1).intValue();
                f.tensors.put(e.getKey(), new Tensor(t.get("dtype").stringValue(), shape, Arrays.copyOfRange(file, begin, end)));
            }
        });
        return f;
    }

    /** The header, with offsets in the order of {@link #tensors}. */
    ObjectNode header() {
        ObjectNode h = JSON.createObjectNode();
        ObjectNode m = h.putObject("__metadata__");
        metadata.forEach(m::put);
        long at = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = h.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype());
            var shape = t.putArray("shape");
            for (long s : e.getValue().shape()) {
                shape.add(s);
            }
            t.putArray("data_offsets").add(at).add(at + e.getValue().data().length);
            at += e.getValue().data().length;
        }
        return h;
    }

    byte[] data() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tensors.values().forEach(t -> out.writeBytes(t.data()));
        return out.toByteArray();
    }

    byte[] bytes() {
        return assemble(JSON.writeValueAsBytes(header()), data());
    }

    /** Header bytes and data as they are, with the length of the header in front. */
    static byte[] assemble(byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data);
        return b.array();
    }

    static byte[] assemble(String header, byte[] data) {
        return assemble(header.getBytes(StandardCharsets.UTF_8), data);
    }

    /** Float32 values as F32 bytes. */
    static byte[] f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    float[] floats(String name) {
        ByteBuffer b = ByteBuffer.wrap(tensors.get(name).data()).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }

    void setFloats(String name, float[] v) {
        Tensor t = tensors.get(name);
        tensors.put(name, new Tensor(t.dtype(), t.shape(), f32(v)));
    }
}
