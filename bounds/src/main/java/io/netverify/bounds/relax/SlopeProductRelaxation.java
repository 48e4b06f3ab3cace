package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * Base of the gradient operators of piecewise-linear activations with slopes {@code a} below 0 and
 * 1 above: {@code out = s g} with s = 1 where z > 0, s = a where z < 0, and any s between at z = 0
 * (the Clarke interval). Input 0 is z, input 1 the upstream gradient g (same shape).
 *
 * <p>Where z's interval decides the sign, the output is linear in g. Otherwise it lies between the
 * lower envelope {@code min(a g, g)} (concave) and the upper envelope {@code max(a g, g)} (convex),
 * bounded by their chords over g's interval, as in Shi et al. (NeurIPS 2022) for ReLU: the chord of
 * {@code relu(g)} above and of {@code -relu(-g)} below.
 *
 * <p>z = 0 is in the Clarke interval's kink, so an interval of z touching 0 counts as unstable,
 * unless the node has the int attribute {@code closed_at_zero = 1}: then an interval [0, u] (or
 * [l, 0]) takes the slope of its side. Branch and bound builds such nodes: its split children z >= 0
 * and z <= 0 share the points z = 0 and each covers one end of the Clarke interval, which suffices
 * because the gradient's norm is convex in each neuron's slope.
 */
abstract class SlopeProductRelaxation extends UpstreamLineRelaxation {
    /** The slope a below 0 for this node (0 for ReLU). */
    protected abstract double negativeSlope(Node node);

    private static boolean closed(Node node) {
        return node.attributes().getInt("closed_at_zero", 0) == 1;
    }

    /** Whether z in [zl, zu] is active (the derivative is 1) everywhere. */
    static boolean active(double zl, double zu, boolean closed) {
        return zl > 0 || closed && zl == 0 && zu > 0;
    }

    /** Whether z in [zl, zu] is inactive (the derivative is a) everywhere. */
    static boolean inactive(double zl, double zu, boolean closed) {
        return zu < 0 || closed && zu == 0 && zl < 0;
    }

    /** z's sign matters when its interval touches 0; g's when it straddles 0. */
    @Override
    public boolean needsRefinement(double l, double u) {
        return l <= 0 && u >= 0 && l < u;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        double a = negativeSlope(node);
        boolean closed = closed(node);
        Interval z = inputs.get(0);
        Interval g = inputs.get(1);
        int n = z.size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int j = 0; j < n; j++) {
            double sl = active(z.lower()[j], z.upper()[j], closed) ? 1 : a;
            double su = inactive(z.lower()[j], z.upper()[j], closed) ? a : 1;
            double gl = g.lower()[j];
            double gu = g.upper()[j];
            double min = Math.min(Math.min(sl * gl, sl * gu), Math.min(su * gl, su * gu));
            double max = Math.max(Math.max(sl * gl, sl * gu), Math.max(su * gl, su * gu));
            // exact when the slopes are 0 and 1; products with a leaky slope round
            lo[j] = a == 0 ? min + 0.0 : OutwardRounding.padDown(min, 0);
            hi[j] = a == 0 ? max + 0.0 : OutwardRounding.padUp(max, 0);
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    protected Lines lines(Node node, Interval z, Interval g) {
        double a = negativeSlope(node);
        boolean closed = closed(node);
        double[] zl = z.lower();
        double[] zu = z.upper();
        return (j, upper, out) -> line(a, active(zl[j], zu[j], closed), inactive(zl[j], zu[j], closed), g.lower()[j],
            g.upper()[j], upper, out);
    }

    /**
     * The line {@code out[0] g + out[1]} below the output (above when {@code upper}) for g in
     * [gl, gu], when z is active or inactive everywhere, or may be either.
     */
    static void line(double a, boolean active, boolean inactive, double gl, double gu, boolean upper, double[] out) {
        if (active || inactive) {
            out[0] = active ? 1 : a;
            out[1] = 0;
            return;
        }
        double lo = Math.min(a, 1);
        double hi = Math.max(a, 1);
        // upper envelope: lo g for g <= 0, hi g for g >= 0; lower envelope: hi g, then lo g
        double left = upper ? lo : hi;
        double right = upper ? hi : lo;
        if (gl >= 0 || gu <= 0) {
            out[0] = gl >= 0 ? right : left;
            out[1] = 0;
            return;
        }
        double p = left * gl;
        double q = right * gu;
        double m = (q - p) / (gu - gl);
        double c1 = p - m * gl;
        double c2 = q - m * gu;
        double scale = Math.max(Math.abs(p), Math.abs(q));
        out[0] = m;
        // the chord with the rounded slope, moved out to clear both end points (enough: the gap to
        // an envelope that is convex above, concave below, is extreme at the ends)
        out[1] = upper ? OutwardRounding.padUp(Math.max(c1, c2), scale) : OutwardRounding.padDown(Math.min(c1, c2), scale);
    }
}
