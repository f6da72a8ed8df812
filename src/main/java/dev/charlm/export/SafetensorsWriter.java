package dev.charlm.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the safetensors container: the header length (u64, little-endian), the JSON header padded with
 * spaces to a multiple of 8 bytes (so the data section starts aligned), then each tensor's little-endian
 * elements in the order given, back to back.
 */
final class SafetensorsWriter {

    /** A tensor to write: element i of its row-major order is {@code values.get(i)}. */
    record Tensor(String name, Dtype dtype, long[] shape, long elements, Values values) {
    }

    interface Values {
        double get(int i);
    }

    private SafetensorsWriter() {
    }

    static void write(Map<String, String> metadata, List<Tensor> tensors, OutputStream target) throws IOException {
        ObjectNode header = SafetensorsReader.JSON.createObjectNode();
        ObjectNode meta = header.putObject(SafetensorsReader.METADATA);
        metadata.forEach(meta::put);
        long offset = 0;
        for (Tensor t : tensors) {
            if (t.dtype() != Dtype.F32 && t.dtype() != Dtype.F64) {
                throw new IllegalArgumentException("CharLM writes F32 and F64, not " + t.dtype());
            }
            ObjectNode n = header.putObject(t.name());
            n.put("dtype", t.dtype().name());
            var shape = n.putArray("shape");
            for (long s : t.shape()) {
                shape.add(s);
            }
            long end = offset + t.elements() * t.dtype().bytes();
            n.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = SafetensorsReader.JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        OutputStream out = new BufferedOutputStream(target, 1 << 16);
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        out.write(b.putLong(0, padded).array());
        out.write(json);
        out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
        for (Tensor t : tensors) {
            for (int i = 0; i < t.elements(); i++) {
                if (t.dtype() == Dtype.F32) {
                    out.write(b.putFloat(0, (float) t.values().get(i)).array(), 0, 4);
                } else {
                    out.write(b.putDouble(0, t.values().get(i)).array(), 0, 8);
                }
            }
        }
        out.flush();
    }
}
