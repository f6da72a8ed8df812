package dev.charlm.bench;

import dev.charlm.engine.Rng;
import dev.charlm.engine.kernel.Kernels;
import dev.charlm.engine.kernel.MatMul;
import dev.charlm.engine.kernel.Operand;
import dev.charlm.engine.kernel.PackedMatrix;
import dev.charlm.engine.kernel.Parallel;
import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.kernel.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * GFLOP/s of the matrix kernels at the shapes a training step uses (run on demand):
 * {@code kernel <name> MxKxN op=<NN|TN|NT> threads=<t> gflops=<median> (min-max)}.
 */
public final class KernelBenchmark {

    public static void main(String[] args) {
        String[] kernels = args.length > 0 ? args[0].split(",") : new String[] {"vector", "ojalgo"};
        // NP: B packed beforehand (weights, packed once per optimizer step); NN/TN: B packed as it is used
        int[][] shapes = {{16, 256, 1024}, {32, 256, 1024}, {2048, 256, 65}, {256, 2048, 1024}, {32, 1024, 256}, {16, 1024, 256},
                {32, 512, 2048}, {1, 256, 1024}, {2048, 256, 65}};
        String[] ops = {"NP", "NP", "NP", "TN", "NT", "NP", "NP", "NP", "NN"};
        for (String k : kernels) {
            MatMul mm = Kernels.matMul(k);
            for (int s = 0; s < shapes.length; s++) {
                for (int threads : new int[] {1, 2}) {
                    run(mm, shapes[s][0], shapes[s][1], shapes[s][2], ops[s], threads);
                }
            }
        }
    }

    static void run(MatMul mm, int m, int k, int n, String op, int threads) {
        boolean ta = op.charAt(0) == 'T';
        boolean tb = op.charAt(1) == 'T';
        boolean packed = op.equals("NP");
        Tensor a = random(ta ? k : m, ta ? m : k);
        Tensor b = random(tb ? n : k, tb ? k : n);
        Tensor c = Tensor.zeros(Precision.FLOAT32, m, n);
        PackedMatrix pb = packed ? PackedMatrix.of(b, false) : null;
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(1, Math.min(2000, 2e9 / flops));
        double[] gf = new double[7];
        try (Parallel par = new Parallel(threads)) {
            for (int trial = -2; trial < gf.length; trial++) {
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    boolean byRows = m >= 8 * threads;
                    par.run(threads, part -> {
                        if (byRows) {
                            int i0 = Parallel.start(m, threads, part), i1 = Parallel.start(m, threads, part + 1);
                            if (packed) {
                                mm.gemm(false, i1 - i0, n, k, new Operand(a, i0 * a.cols, a.cols), pb, 0, false,
                                        new Operand(c, i0 * n, n));
                            } else {
                                mm.gemm(ta, tb, i1 - i0, n, k, new Operand(a, ta ? i0 : i0 * a.cols, a.cols),
                                        new Operand(b, 0, b.cols), false, new Operand(c, i0 * n, n));
                            }
                        } else if (packed) {
                            int panels = PackedMatrix.panelCount(n);
                            int j0 = Parallel.start(panels, threads, part) * PackedMatrix.PANEL;
                            int j1 = Math.min(n, Parallel.start(panels, threads, part + 1) * PackedMatrix.PANEL);
                            mm.gemm(false, m, j1 - j0, k, new Operand(a, 0, a.cols), pb, j0, false, new Operand(c, j0, n));
                        } else {
                            int j0 = Parallel.start(n, threads, part), j1 = Parallel.start(n, threads, part + 1);
                            mm.gemm(ta, tb, m, j1 - j0, k, new Operand(a, 0, a.cols),
                                    new Operand(b, tb ? j0 * b.cols : j0, b.cols), false, new Operand(c, j0, n));
                        }
                    });
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                if (trial >= 0) {
                    gf[trial] = flops * reps / secs / 1e9;
                }
            }
        }
        Arrays.sort(gf);
        System.out.printf(Locale.ROOT, "kernel %s %dx%dx%d op=%s threads=%d gflops=%.1f (%.1f-%.1f)%n",
                mm.name(), m, k, n, op, threads, gf[gf.length / 2], gf[0], gf[gf.length - 1]);
    }

    static Tensor random(int r, int c) {
        Tensor t = Tensor.zeros(Precision.FLOAT32, r, c);
        Rng rng = new Rng(r * 31L + c);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, rng.nextDouble() - 0.5);
        }
        return t;
    }
}
