package io.netverify.bounds;

import io.netverify.bounds.relax.LinearRelaxation;
import io.netverify.bounds.relax.OutwardRounding;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.passes.GraphPass;

import java.util.Map;

/**
 * Interval bounds of linear functions {@code C v + d} of a bounded value, rounded outward by a bound
 * on their float64 rounding error (see {@link RoundingError}).
 */
final class LinearFunctions {
    private static final double SAFETY = 4;

    private LinearFunctions() {
    }

    /**
     * Bounds of C y + d for the graph's output y given the intervals of every value; when the output
     * is a Linear node, C is folded into its weights first.
     */
    static void boundOfOutput(Graph graph, Map<String, Interval> intervals, double[][] c, double[] d,
                              double[] lower, double[] upper) {
        String out = graph.outputs().get(0);
        Node last = graph.producer(out);
        if (last != null && Relaxations.of(last) instanceof LinearRelaxation && !graph.isConstant(last.input(0))
            && graph.shape(last.input(0)).size() == graph.constant(last.input(1)).shape().dim(1)) {
            boundThroughLinear(graph, last, intervals.get(last.input(0)), c, d, lower, upper);
        } else {
            boundOfInterval(intervals.get(out), c, d, lower, upper);
        }
    }

    /**
     * {@code passLower[from + k] + d[k]} rounded down, for each row k of d: a backward pass's bounds
     * of C y + d (-infinity where the pass's bound is NaN).
     */
    static double[] shiftedDown(double[] passLower, int from, double[] d) {
        double[] out = new double[d.length];
        for (int k = 0; k < d.length; k++) {
            out[k] = OutwardRounding.lowerBound(Math.nextDown(passLower[from + k] + d[k]));
        }
        return out;
    }

    /** The larger of two sound lower bounds, element by element; a NaN bound carries no information. */
    static double[] tighter(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = Double.isNaN(a[k]) ? b[k] : Double.isNaN(b[k]) ? a[k] : Math.max(a[k], b[k]);
        }
        return out;
    }

    /** Bounds of C y + d for y in an interval, row by row. */
    static void boundOfInterval(Interval y, double[][] c, double[] d, double[] lower, double[] upper) {
        bound(y, c, d, c, d, y.size(), lower, upper);
    }

    /**
     * Bounds of C (W x + b) + d for x in an interval, with C W and C b + d formed first: tighter than
     * bounding W x + b and then C (interval arithmetic loses the correlations). x must be the Linear's
     * whole input vector (size in).
     */
    static void boundThroughLinear(Graph g, Node linear, Interval x, double[][] c, double[] d, double[] lower, double[] upper) {
        Tensor w = g.constant(linear.input(1));
        Tensor b = linear.input(2).isEmpty() ? null : g.constant(linear.input(2));
        // terms folded into the bias count into its magnitude (see GraphPass.FOLDED_MAGNITUDE)
        Tensor folded = linear.attributes().getTensor(GraphPass.FOLDED_MAGNITUDE);
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[][] cw = new double[c.length][in];
        double[][] cwAbs = new double[c.length][in];
        double[] cd = d.clone();
        double[] cdAbs = new double[c.length];
        for (int k = 0; k < c.length; k++) {
            cdAbs[k] = Math.abs(d[k]);
            for (int o = 0; o < out; o++) {
                double ck = c[k][o];
                if (ck == 0) {
                    continue;
                }
                for (int i = 0; i < in; i++) {
                    cw[k][i] += ck * w.get(o * in + i);
                    cwAbs[k][i] += Math.abs(ck * w.get(o * in + i));
                }
                double bo = b == null ? 0 : b.get(o);
                cd[k] += ck * bo;
                cdAbs[k] += Math.abs(ck * bo) + (folded == null ? 0 : Math.abs(ck) * folded.get(folded.size() == 1 ? 0 : o));
            }
        }
        bound(x, cw, cd, cwAbs, cdAbs, in + out, lower, upper);
    }

    /** Bounds of c x + d, widened by gamma_terms (|c| M + |d|) computed from the magnitudes of the given terms. */
    private static void bound(Interval x, double[][] c, double[] d, double[][] cAbs, double[] dAbs, int terms,
                              double[] lower, double[] upper) {
        double g = SAFETY * OutwardRounding.gamma(terms + 2L);
        for (int k = 0; k < c.length; k++) {
            double lo = d[k];
            double hi = d[k];
            double mag = Math.abs(dAbs[k]);
            for (int j = 0; j < x.size(); j++) {
                double w = c[k][j];
                if (w == 0 && cAbs[k][j] == 0) {
                    continue; // 0 * an infinite bound would be NaN; the term is 0
                }
                lo += w * (w >= 0 ? x.lower()[j] : x.upper()[j]);
                hi += w * (w >= 0 ? x.upper()[j] : x.lower()[j]);
                mag += Math.abs(cAbs[k][j]) * Math.max(Math.abs(x.lower()[j]), Math.abs(x.upper()[j]));
            }
            lower[k] = OutwardRounding.lowerBound(Math.nextDown(lo - g * mag));
            upper[k] = OutwardRounding.upperBound(Math.nextUp(hi + g * mag));
        }
    }
}
