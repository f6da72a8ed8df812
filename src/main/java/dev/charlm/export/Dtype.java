package dev.charlm.export;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The safetensors element types CharLM reads: the floats PyTorch saves. F16 and BF16 widen exactly to
 * float32, so a half-precision file loads without rounding; integer types are refused.
 */
enum Dtype {
    F16(2), BF16(2), F32(4), F64(8);

    private final int bytes;

    Dtype(int bytes) {
        this.bytes = bytes;
    }

    int bytes() {
        return bytes;
    }

    static Optional<Dtype> of(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** The next element of a little-endian buffer. */
    double read(ByteBuffer in) {
        return switch (this) {
            case F16 -> halfToFloat(in.getShort());
            case BF16 -> Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
            case F32 -> in.getFloat();
            case F64 -> in.getDouble();
        };
    }

    /** IEEE 754 binary16 to float, exactly (Float.float16ToFloat is Java 20). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));   // infinity or NaN
        }
        if (exp == 0) {
            float sub = mant * 0x1p-24f;                                     // subnormal (or zero): mant × 2^-24
            return sign == 0 ? sub : -sub;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
