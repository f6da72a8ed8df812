package dev.charlm.engine.kernel;

/**
 * {@link Pointwise} in double arithmetic through {@link Tensor#get}/{@link Tensor#set}: works in either
 * precision, reads like the equations, and is the float64 path the reference fixtures check. StrictMath
 * keeps results identical between interpreted and compiled code.
 */
final class ScalarPointwise implements Pointwise {

    /** None: the cells run their own scalar rows. */
    @Override
    public CellKernels cells() {
        return null;
    }

    @Override
    public double softmaxCrossEntropy(Tensor logits, int lo, int target, double weight, int V) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            max = Math.max(max, logits.get(lo + v));
        }
        double sum = 0;
        for (int v = 0; v < V; v++) {
            sum += StrictMath.exp(logits.get(lo + v) - max);
        }
        double logSum = StrictMath.log(sum);
        double loss = max + logSum - logits.get(lo + target);
        for (int v = 0; v < V; v++) {
            double p = StrictMath.exp(logits.get(lo + v) - max - logSum);
            logits.set(lo + v, weight * (v == target ? p - 1 : p));
        }
        return loss;
    }

    @Override
    public void addBias(Tensor row, int ro, Tensor bias, int V) {
        for (int v = 0; v < V; v++) {
            row.set(ro + v, row.get(ro + v) + bias.get(v));
        }
    }

    @Override
    public void add(Tensor a, int ao, Tensor b, int bo, Tensor dst, int d, int n) {
        for (int j = 0; j < n; j++) {
            dst.set(d + j, a.get(ao + j) + b.get(bo + j));
        }
    }

    @Override
    public void sumRows(Tensor src, int rows, int cols, int c0, int c1, Tensor dst) {
        for (int j = c0; j < c1; j++) {
            double s = dst.get(j);
            for (int r = 0; r < rows; r++) {
                s += src.get(r * cols + j);
            }
            dst.set(j, s);
        }
    }

    @Override
    public void multiply(Tensor a, int ao, Tensor b, int bo, Tensor dst, int d, int n) {
        for (int j = 0; j < n; j++) {
            dst.set(d + j, a.get(ao + j) * b.get(bo + j));
        }
    }
}
