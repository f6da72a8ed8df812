package dev.charlm.export;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The safetensors container (8-byte little-endian header length N, N bytes of JSON, then the data
 * section), read without trusting it: every declared size is checked against the real size of the
 * source before anything is allocated from it, and each problem is an {@link InvalidSafetensorsException}
 * that names it. Loaders that trusted declared sizes read and leaked memory (Ollama, CVE-2026-7482).
 */
final class SafetensorsReader {

    /**
     * Largest header accepted. CharLM's header is dominated by the vocabulary (about 8 bytes a token),
     * so 8 MB holds a million tokens while the parsed tree stays far below any heap.
     */
    static final int MAX_HEADER = 8 << 20;
    static final String METADATA = "__metadata__";

    /** The JSON limits: nothing in a valid header nests deeper than 3. */
    static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxDocumentLength(MAX_HEADER)
                            .maxStringLength(MAX_HEADER).maxNumberLength(40).maxNameLength(4096).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Random-access bytes of known size: the uploaded file, or an array in tests. */
    interface Source {
        long size() throws IOException;

        /** Fills {@code dst} from {@code position}; the caller has checked the range lies inside {@link #size}. */
        void read(long position, ByteBuffer dst) throws IOException;

        static Source of(FileChannel ch) {
            return new Source() {
                @Override
                public long size() throws IOException {
                    return ch.size();
                }

                @Override
                public void read(long position, ByteBuffer dst) throws IOException {
                    while (dst.hasRemaining()) {
                        if (ch.read(dst, position + dst.position()) < 0) {
                            throw new EOFException("the file shrank while it was read");
                        }
                    }
                }
            };
        }

        static Source of(byte[] bytes) {
            return new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public void read(long position, ByteBuffer dst) {
                    dst.put(bytes, (int) position, dst.remaining());
                }
            };
        }
    }

    /** One tensor's entry, checked: its bytes {@code [begin, end)} of the data section hold exactly dtype × shape. */
    record TensorInfo(String name, Dtype dtype, long[] shape, long begin, long end) {

        long elements() {
            return (end - begin) / dtype.bytes();
        }
    }

    /** Receives a tensor's elements in row-major order. */
    interface Sink {
        void set(int index, double value);
    }

    /** A checked header over its source. Tensors are in the order of their data. */
    record Contents(Map<String, String> metadata, Map<String, TensorInfo> tensors, long dataStart, Source source) {

        /** Streams a tensor's elements into {@code sink}, in chunks (never the whole tensor in memory twice). */
        void read(TensorInfo t, Sink sink) throws IOException {
            int chunkElements = Math.max(1, (1 << 16) / t.dtype().bytes());
            long n = t.elements();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(n, chunkElements) * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (long done = 0; done < n; ) {
                int k = (int) Math.min(n - done, chunkElements);
                buf.clear().limit(k * t.dtype().bytes());
                source.read(dataStart + t.begin() + done * t.dtype().bytes(), buf);
                buf.flip();
                for (int i = 0; i < k; i++) {
                    sink.set((int) (done + i), t.dtype().read(buf));
                }
                done += k;
            }
        }
    }

    private SafetensorsReader() {
    }

    static Contents read(Source src) throws IOException {
        long size = src.size();
        if (size < 8) {
            throw invalid("the file has " + size + " bytes; a safetensors file starts with an 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        src.read(0, lengthBytes);
        long n = lengthBytes.getLong(0);
        if (n < 2 || n > MAX_HEADER) {
            throw invalid("the header length is " + Long.toUnsignedString(n) + " bytes; CharLM reads headers of 2 to " + MAX_HEADER + " bytes");
        }
        if (n > size - 8) {
            throw invalid("the header length is " + n + " bytes but the file has only " + (size - 8) + " bytes after it");
        }
        ByteBuffer header = ByteBuffer.allocate((int) n);
        src.read(8, header);
        byte[] bytes = header.array();
        if (bytes[0] != '{') {
            throw invalid("the header does not start with '{'");
        }
        JsonNode root;
        try {
            utf8(bytes);
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw invalid("the header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("the header is not a JSON object");
        }
        return check(root, size - 8 - n, 8 + n, src);
    }

    /** Refuses bytes that are not valid UTF-8 (decoding replaces invalid sequences, so a round trip detects them). */
    private static void utf8(byte[] bytes) {
        if (!java.util.Arrays.equals(new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), bytes)) {
            throw invalid("the header is not valid UTF-8");
        }
    }

    private static Contents check(JsonNode root, long dataLength, long dataStart, Source src) {
        Map<String, String> metadata = Map.of();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA)) {
                metadata = metadata(e.getValue());
            } else {
                tensors.add(tensor(e.getKey(), e.getValue(), dataLength));
            }
        }
        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long at = 0;
        for (TensorInfo t : tensors) {
            if (t.begin() < at) {
                throw invalid("tensor " + t.name() + " (bytes " + t.begin() + " to " + t.end() + ") overlaps the tensor before it, which ends at " + at);
            }
            if (t.begin() > at) {
                throw invalid("the data section has unused bytes " + at + " to " + t.begin() + " before tensor " + t.name());
            }
            at = t.end();
        }
        if (at != dataLength) {
            throw invalid("the data section has " + dataLength + " bytes but its tensors cover " + at);
        }
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        tensors.forEach(t -> byName.put(t.name(), t));
        return new Contents(metadata, Collections.unmodifiableMap(byName), dataStart, src);
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (!node.isObject()) {
            throw invalid(METADATA + " must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                throw invalid(METADATA + "." + e.getKey() + " must be a string, as the format requires (found " + e.getValue().getNodeType() + ")");
            }
            out.put(e.getKey(), e.getValue().stringValue());
        }
        return out;
    }

    private static TensorInfo tensor(String name, JsonNode node, long dataLength) {
        if (!node.isObject()) {
            throw invalid("tensor " + name + " must be an object {dtype, shape, data_offsets}");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!List.of("dtype", "shape", "data_offsets").contains(e.getKey())) {
                throw invalid("tensor " + name + " has an unknown member " + e.getKey());
            }
        }
        JsonNode d = node.get("dtype");
        if (d == null || !d.isString()) {
            throw invalid("tensor " + name + " has no dtype string");
        }
        Dtype dtype = Dtype.of(d.stringValue()).orElseThrow(() -> invalid("tensor " + name + " has dtype " + d.stringValue()
                + "; CharLM reads F16, BF16, F32 and F64"));
        long[] shape = longs(name, "shape", node.get("shape"), -1);
        long[] offsets = longs(name, "data_offsets", node.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw invalid("tensor " + name + " has data_offsets [" + begin + ", " + end + "]: the end is before the begin");
        }
        if (end > dataLength) {
            throw invalid("tensor " + name + " ends at byte " + end + " of a data section of " + dataLength + " bytes");
        }
        long elements = 1;
        try {
            for (long s : shape) {
                elements = Math.multiplyExact(elements, s);
            }
            long bytes = Math.multiplyExact(elements, (long) dtype.bytes());
            if (bytes != end - begin) {
                throw invalid("tensor " + name + " is " + dtype + " " + java.util.Arrays.toString(shape) + ", " + bytes
                        + " bytes, but its data_offsets span " + (end - begin));
            }
        } catch (ArithmeticException e) {
            throw invalid("tensor " + name + "'s shape " + java.util.Arrays.toString(shape) + " overflows");
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    /** A JSON array of non-negative integers (of length {@code length} unless it is -1). */
    private static long[] longs(String tensor, String member, JsonNode node, int length) {
        if (node == null || !node.isArray() || length >= 0 && node.size() != length) {
            throw invalid("tensor " + tensor + " needs " + member + (length >= 0 ? " as an array of " + length + " integers" : " as an array of integers"));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw invalid("tensor " + tensor + "'s " + member + "[" + i + "] is " + v + ", not a non-negative integer");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    static InvalidSafetensorsException invalid(String detail) {
        return new InvalidSafetensorsException(detail);
    }
}
