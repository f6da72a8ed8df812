package dev.charlm.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded mutations of a valid export, as ModelFileFuzzTest does for the model file: every outcome is an
 * imported model or an {@link InvalidSafetensorsException}, quickly; never another exception, an
 * OutOfMemoryError or a hang. Header edits go through JSON so that they reach the checks past the parser.
 */
class SafetensorsFuzzTest {

    static final byte[] VALID = Models.export(Models.random(CellType.GRU, 2, 4, Precision.FLOAT32, 5));
    static final int HEADER = (int) ByteBuffer.wrap(VALID).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    /** Numbers a mutation puts into the header: edges of int and long, and near the real ones. */
    static final long[] HOSTILE = {0, 1, 2, 3, 7, 8, -1, 255, 65535, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 1L << 32,
            1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 62, 4000};

    /** Imports, or is refused cleanly; counts which. */
    static boolean outcome(byte[] f) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                Models.importBytes(f);
                return true;
            } catch (InvalidSafetensorsException e) {
                assertThat(e.getMessage()).isNotBlank();
                return false;
            } catch (Throwable t) {
                fail("a mutated file threw " + t, t);
                return false;
            }
        });
    }

    @Test
    void aFileCutAnywhereIsRefused() {
        for (int n = 0; n < VALID.length; n += n < HEADER + 64 ? 1 : 97) {
            assertThat(outcome(Arrays.copyOf(VALID, n))).as("cut at %d", n).isFalse();
        }
    }

    @Test
    void randomByteFlipsAreImportedOrRefusedCleanly() {
        Random r = new Random(2026);
        for (int i = 0; i < 3000; i++) {
            byte[] f = VALID.clone();
            int flips = 1 + r.nextInt(4);
            for (int k = 0; k < flips; k++) {
                // mostly in the length and the header, where the checks are
                int at = r.nextInt(4) == 0 ? r.nextInt(f.length) : r.nextInt(8 + HEADER);
                f[at] = (byte) r.nextInt(256);
            }
            outcome(f);
        }
    }

    @Test
    void hostileNumbersInTheHeaderAreRefusedCleanly() {
        Random r = new Random(7482);
        byte[] data = Arrays.copyOfRange(VALID, 8 + HEADER, VALID.length);
        ObjectNode valid = (ObjectNode) RawFile.JSON.readTree(new String(VALID, 8, HEADER, StandardCharsets.UTF_8));
        List<String> names = valid.propertyNames().stream().filter(n -> !n.equals("__metadata__")).toList();
        List<String> metaKeys = valid.get("__metadata__").propertyNames().stream().toList();
        int imported = 0;
        for (int i = 0; i < 3000; i++) {
            ObjectNode h = valid.deepCopy();
            int edits = 1 + r.nextInt(3);
            for (int k = 0; k < edits; k++) {
                ObjectNode t = (ObjectNode) h.get(names.get(r.nextInt(names.size())));
                if (t == null) {
                    continue;   // removed by an earlier edit
                }
                long v = r.nextBoolean() ? HOSTILE[r.nextInt(HOSTILE.length)] : r.nextInt(5000);
                switch (r.nextInt(6)) {
                    case 0 -> ((ArrayNode) t.get("data_offsets")).set(r.nextInt(2), v);
                    case 1 -> {
                        ArrayNode s = (ArrayNode) t.get("shape");
                        s.set(r.nextInt(s.size()), v);
                    }
                    case 2 -> ((ArrayNode) t.get("shape")).add(v);
                    case 3 -> t.put("dtype", List.of("F16", "BF16", "F32", "F64", "I64", "", "f32").get(r.nextInt(7)));
                    case 4 -> ((ObjectNode) h.get("__metadata__")).put(metaKeys.get(r.nextInt(metaKeys.size())), Long.toString(v));
                    default -> h.remove(names.get(r.nextInt(names.size())));
                }
            }
            byte[] header = RawFile.JSON.writeValueAsBytes(h);
            byte[] f = r.nextInt(10) == 0 ? RawFile.assemble(header, Arrays.copyOf(data, r.nextInt(data.length + 100))) : RawFile.assemble(header, data);
            if (r.nextInt(10) == 0) {
                ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, HOSTILE[r.nextInt(HOSTILE.length)]);
            }
            imported += outcome(f) ? 1 : 0;
        }
        // a few edits are harmless (a metadata key CharLM ignores, the same value again); most are caught
        assertThat(imported).isLessThan(1500);
    }

    @Test
    void theUneditedFileImports() {
        assertThat(outcome(VALID)).isTrue();
        JsonNode h = RawFile.JSON.readTree(new String(VALID, 8, HEADER, StandardCharsets.UTF_8));
        assertThat(h.size()).isEqualTo(1 + 1 + 2 * 4 + 2);
    }
}
