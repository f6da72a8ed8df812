package dev.charlm.engine.kernel;

import org.ojalgo.matrix.store.PhysicalStore;
import org.ojalgo.matrix.store.R032Store;
import org.ojalgo.matrix.store.R064Store;

/**
 * The reference product: ojalgo's own multiplication on R032Store / R064Store operands. Operands are
 * gathered into ojalgo stores of their logical shape (ojalgo stores are column-major, the engine is
 * row-major), multiplied by ojalgo, and scattered back. The gathering is O(m·k + k·n + m·n) beside the
 * O(m·n·k) product. Always available; it is the kernel the fast one is tested against.
 */
public final class OjalgoMatMul implements MatMul {

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, Operand a, Operand b, boolean accumulate, Operand C) {
        if (m == 0 || n == 0) {
            return;
        }
        Tensor c = C.t();
        int cOff = C.offset(), ldc = C.ld();
        Precision precision = c.precision();
        PhysicalStore<Double> left = gather(precision, a, transA, m, k);
        PhysicalStore<Double> right = gather(precision, b, transB, k, n);
        PhysicalStore<Double> product = make(precision, m, n);
        if (k > 0) {
            product.fillByMultiplying(left, right);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int idx = cOff + i * ldc + j;
                double v = product.doubleValue(i, j);
                c.set(idx, accumulate ? c.get(idx) + v : v);
            }
        }
    }

    @Override
    public void gemm(boolean transA, int m, int n, int k, Operand a, PackedMatrix b, int col0, boolean accumulate, Operand c) {
        int bOff = b.off + (b.trans ? col0 * b.ld : col0);
        gemm(transA, b.trans, m, n, k, a, new Operand(b.source, bOff, b.ld), accumulate, c);
    }

    private static PhysicalStore<Double> gather(Precision precision, Operand op, boolean trans, int rows, int cols) {
        Tensor x = op.t();
        int off = op.offset(), ld = op.ld();
        PhysicalStore<Double> s = make(precision, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                s.set(i, j, x.get(trans ? off + j * ld + i : off + i * ld + j));
            }
        }
        return s;
    }

    private static PhysicalStore<Double> make(Precision precision, int rows, int cols) {
        return precision == Precision.FLOAT32 ? R032Store.FACTORY.make(rows, cols) : R064Store.FACTORY.make(rows, cols);
    }

    @Override
    public String name() {
        return "ojalgo";
    }
}
