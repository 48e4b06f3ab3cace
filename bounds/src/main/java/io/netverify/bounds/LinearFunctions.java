package io.netverify.bounds;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

/** Interval bounds of linear functions {@code C v + d} of a bounded value. */
final class LinearFunctions {
    private LinearFunctions() {
    }

    /** Bounds of C y + d for y in an interval, row by row. */
    static void boundOfInterval(Interval y, double[][] c, double[] d, double[] lower, double[] upper) {
        for (int k = 0; k < c.length; k++) {
            double lo = d[k];
            double hi = d[k];
            for (int j = 0; j < y.size(); j++) {
                double w = c[k][j];
                lo += w * (w >= 0 ? y.lower()[j] : y.upper()[j]);
                hi += w * (w >= 0 ? y.upper()[j] : y.lower()[j]);
            }
            lower[k] = lo;
            upper[k] = hi;
        }
    }

    /**
     * Bounds of C (W x + b) + d for x in an interval, with C W and C b + d formed first: tighter than
     * bounding W x + b and then C (interval arithmetic loses the correlations). x must be the Linear's
     * whole input vector (size in).
     */
    static void boundThroughLinear(Graph g, Node linear, Interval x, double[][] c, double[] d, double[] lower, double[] upper) {
        Tensor w = g.constant(linear.input(1));
        Tensor b = linear.input(2).isEmpty() ? null : g.constant(linear.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[][] cw = new double[c.length][in];
        double[] cd = d.clone();
        for (int k = 0; k < c.length; k++) {
            for (int o = 0; o < out; o++) {
                double ck = c[k][o];
                if (ck == 0) {
                    continue;
                }
                for (int i = 0; i < in; i++) {
                    cw[k][i] += ck * w.get(o * in + i);
                }
                cd[k] += ck * (b == null ? 0 : b.get(o));
            }
        }
        boundOfInterval(x, cw, cd, lower, upper);
    }
}
