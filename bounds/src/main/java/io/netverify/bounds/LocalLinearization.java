package io.netverify.bounds;

import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.Map;

/**
 * The local linear behaviour of a network around a point, for gradient-based attacks (the project
 * has no autodiff): the input coefficients of one CROWN backward pass for rows C of the output, over
 * a tiny box around x with IBP intermediate bounds. Where no ReLU-like neuron has its kink inside
 * that box (almost every point) the coefficients are the exact gradient of {@code C y}; for smooth
 * activations they are slopes of the relaxation's lines over an interval of width O(radius), so they
 * differ from the gradient by O(radius). Not a bound: nothing here needs to be sound. Not thread-safe
 * (one instance per thread).
 */
public final class LocalLinearization {
    /** Half-width of the box around x, relative to {@code 1 + |x_i|}: small enough that IBP keeps neurons stable. */
    private static final double RELATIVE_RADIUS = 1e-6;

    private final Graph graph;
    /**
     * The pass's rounding error only lowers bounds this class never reports, so one instance (its
     * magnitudes, cached from the first call) serves every call and saves their recomputation.
     */
    private RoundingError rounding;

    private LocalLinearization(Graph graph) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new NoRelaxationException("linearisation needs one input and one output; graph has "
                + graph.inputs().size() + " and " + graph.outputs().size());
        }
        for (Node n : graph.nodes()) {
            IntervalPropagation.relaxation(n);
        }
        this.graph = graph;
    }

    /**
     * @throws NoRelaxationException when some operator of the graph has no relaxation, or the graph
     *                              has more than one input or output
     */
    public static LocalLinearization of(Graph graph) {
        return new LocalLinearization(graph);
    }

    /**
     * The coefficients of {@code C y} on the input at x ({@code rows x inputs}), all rows in one
     * backward pass.
     *
     * @param x      the point, inside {@code region}
     * @param region the input region: the tiny box around x is clipped to it, so the network is only
     *               linearised where it will be evaluated
     * @param c      rows over the flattened output
     */
    public double[][] coefficients(double[] x, Interval region, double[][] c) {
        int n = x.length;
        if (region.size() != n) {
            throw new IllegalArgumentException("point has " + n + " dimensions, the region " + region.size());
        }
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            double r = RELATIVE_RADIUS * (1 + Math.abs(x[i]));
            lower[i] = Math.max(region.lower()[i], x[i] - r);
            upper[i] = Math.min(region.upper()[i], x[i] + r);
            if (!(lower[i] <= upper[i])) {
                throw new IllegalArgumentException("point outside the region in dimension " + i);
            }
        }
        Interval box = new Interval(lower, upper);
        Map<String, Interval> bounds = IntervalPropagation.run(graph, box);
        String out = graph.outputs().get(0);
        int m = graph.shape(out).size();
        double[] flat = new double[c.length * m];
        for (int k = 0; k < c.length; k++) {
            if (c[k].length != m) {
                throw new IllegalArgumentException("row " + k + " has " + c[k].length + " entries, the output " + m);
            }
            System.arraycopy(c[k], 0, flat, k * m, m);
        }
        if (rounding == null) {
            rounding = new RoundingError(graph, box);
        }
        BackwardPass.Result r = BackwardPass.run(graph, out, flat, c.length, box, bounds::get, null, rounding);
        double[][] a = new double[c.length][n];
        if (r.inputCoefficients() != null) {
            for (int k = 0; k < c.length; k++) {
                System.arraycopy(r.inputCoefficients(), k * n, a[k], 0, n);
            }
        }
        return a;
    }
}
