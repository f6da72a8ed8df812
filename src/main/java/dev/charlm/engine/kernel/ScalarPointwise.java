package dev.charlm.engine.kernel;

/**
 * {@link Pointwise} in double arithmetic through {@link Tensor#get}/{@link Tensor#set}: works in either
 * precision, reads like the equations, and is the float64 path the reference fixtures check. StrictMath
 * keeps results identical between interpreted and compiled code.
 */
final class ScalarPointwise implements Pointwise {

    static double sigmoid(double x) {
        return 1.0 / (1.0 + StrictMath.exp(-x));
    }

    @Override
    public void rnnForward(Tensor pre, int p, Tensor h, int ho, int H) {
        for (int j = 0; j < H; j++) {
            h.set(ho + j, StrictMath.tanh(pre.get(p + j)));
        }
    }

    @Override
    public void rnnBackward(Tensor h, int ho, Tensor dhAbove, int da, Tensor dhNext, int dn, Tensor dPre, int dp, int H) {
        for (int j = 0; j < H; j++) {
            double y = h.get(ho + j);
            double dh = dhAbove.get(da + j) + dhNext.get(dn + j);
            dPre.set(dp + j, dh * (1 - y * y));
        }
    }

    @Override
    public void lstmForward(Tensor gates, int g, Tensor cPrev, int cp, Tensor c, int co, Tensor tanhC, int tc, Tensor h, int ho, int H) {
        for (int j = 0; j < H; j++) {
            double i = sigmoid(gates.get(g + j));
            double f = sigmoid(gates.get(g + H + j));
            double gg = StrictMath.tanh(gates.get(g + 2 * H + j));
            double o = sigmoid(gates.get(g + 3 * H + j));
            gates.set(g + j, i);
            gates.set(g + H + j, f);
            gates.set(g + 2 * H + j, gg);
            gates.set(g + 3 * H + j, o);
            double cv = f * cPrev.get(cp + j) + i * gg;
            c.set(co + j, cv);
            double t = StrictMath.tanh(cv);
            tanhC.set(tc + j, t);
            h.set(ho + j, o * t);
        }
    }

    @Override
    public void lstmBackward(Tensor gates, int g, Tensor cPrev, int cp, Tensor tanhC, int tc,
                             Tensor dhAbove, int da, Tensor dhNext, int dn, Tensor dcNext, int dc, Tensor dGates, int dg, int H) {
        for (int j = 0; j < H; j++) {
            double i = gates.get(g + j);
            double f = gates.get(g + H + j);
            double gg = gates.get(g + 2 * H + j);
            double o = gates.get(g + 3 * H + j);
            double t = tanhC.get(tc + j);
            double dh = dhAbove.get(da + j) + dhNext.get(dn + j);
            double dcv = dcNext.get(dc + j) + dh * o * (1 - t * t);
            dGates.set(dg + j, dcv * gg * i * (1 - i));
            dGates.set(dg + H + j, dcv * cPrev.get(cp + j) * f * (1 - f));
            dGates.set(dg + 2 * H + j, dcv * i * (1 - gg * gg));
            dGates.set(dg + 3 * H + j, dh * t * o * (1 - o));
            dcNext.set(dc + j, dcv * f);
        }
    }

    @Override
    public void gruForward(Tensor gates, int g, Tensor gh, int gho, Tensor ghh, int ghho, Tensor hPrev, int hp, Tensor h, int ho, int H) {
        for (int j = 0; j < H; j++) {
            double z = sigmoid(gates.get(g + j) + gh.get(gho + j));
            double r = sigmoid(gates.get(g + H + j) + gh.get(gho + H + j));
            double hhPre = gh.get(gho + 2 * H + j);
            double hh = StrictMath.tanh(gates.get(g + 2 * H + j) + r * hhPre);
            gates.set(g + j, z);
            gates.set(g + H + j, r);
            gates.set(g + 2 * H + j, hh);
            ghh.set(ghho + j, hhPre);
            h.set(ho + j, z * hPrev.get(hp + j) + (1 - z) * hh);
        }
    }

    @Override
    public void gruBackward(Tensor gates, int g, Tensor ghh, int ghho, Tensor hPrev, int hp,
                            Tensor dhAbove, int da, Tensor dhNext, int dn, Tensor dGates, int dg, Tensor dGh, int dgh, int H) {
        for (int j = 0; j < H; j++) {
            double z = gates.get(g + j);
            double r = gates.get(g + H + j);
            double hh = gates.get(g + 2 * H + j);
            double dh = dhAbove.get(da + j) + dhNext.get(dn + j);
            double dz = dh * (hPrev.get(hp + j) - hh) * z * (1 - z);
            double dhhPre = dh * (1 - z) * (1 - hh * hh);
            double dr = dhhPre * ghh.get(ghho + j) * r * (1 - r);
            dGates.set(dg + j, dz);
            dGates.set(dg + H + j, dr);
            dGates.set(dg + 2 * H + j, dhhPre);
            dGh.set(dgh + j, dz);
            dGh.set(dgh + H + j, dr);
            dGh.set(dgh + 2 * H + j, dhhPre * r);
            dhNext.set(dn + j, dh * z);
        }
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
