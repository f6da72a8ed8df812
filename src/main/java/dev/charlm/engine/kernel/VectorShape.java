package dev.charlm.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD width the vector kernels use: the machine's preferred one (512 bits with AVX-512, 256 with
 * AVX2), or the width the system property {@code charlm.vector.bits} asks for (256 or 512). Results do
 * not depend on it: every element's arithmetic is the same whatever lane computes it. Loaded only when
 * the incubator module is present.
 */
final class VectorShape {

    static final VectorSpecies<Float> FLOATS = choose();

    private VectorShape() {
    }

    private static VectorSpecies<Float> choose() {
        String bits = System.getProperty("charlm.vector.bits");
        if (bits == null || bits.isBlank()) {
            VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
            return preferred.vectorBitSize() >= 256 ? preferred : FloatVector.SPECIES_256;
        }
        return switch (bits.strip()) {
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("charlm.vector.bits must be 256 or 512, not " + bits);
        };
    }
}
