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
            // exact when the slopes are 0 and 1 (a slope 0 times an unbounded g is 0, not NaN); products with a leaky slope round outward
            lo[j] = Bilinear.lower(sl, su, gl, gu);
            hi[j] = Bilinear.upper(sl, su, gl, gu);
        }
        return List.of(new Interval(lo, hi));
    }

    /** Two parameters per side: theta (which McCormick plane of delta g) and rho (how far delta's line in z tilts). */
    @Override
    protected int parameterCount() {
        return 2;
    }

    /** Unstable elements only, at CROWN's plane: the chord in g (theta parameter 1/2, see {@link #plane}), rho 0. */
    @Override
    protected double initialParameter(Node node, Interval z, Interval g, int j, boolean upper, int p) {
        boolean closed = closed(node);
        double zl = z.lower()[j];
        double zu = z.upper()[j];
        // branch and bound's domains (closed_at_zero) keep CROWN's planes: optimising them there took
        // 7x the domains on a 2-16-16-2 net (benchmarks/HISTORY.md, "Lipschitz: alpha-CROWN ...")
        if (closed || active(zl, zu, closed) || inactive(zl, zu, closed)) {
            return Double.NaN;
        }
        double gl = g.lower()[j];
        double gu = g.upper()[j];
        if (p == 0) {
            // with a point g theta changes nothing (see plane)
            return gl == gu ? Double.NaN : 0.5;
        }
        return 0;
    }

    @Override
    protected Lines lines(Node node, Interval z, Interval g) {
        double a = negativeSlope(node);
        boolean closed = closed(node);
        double[] zl = z.lower();
        double[] zu = z.upper();
        return (j, upper, parameters, out) -> plane(a, closed, zl[j], zu[j], g.lower()[j], g.upper()[j], upper,
            parameters == null ? Double.NaN : parameters[0], parameters == null ? Double.NaN : parameters[1], out);
    }

    /**
     * The theta at which w = delta g's McCormick combination on a side (upper: {@code theta (g - gl +
     * gl delta) + (1 - theta) gu delta}; lower: {@code theta (g - gu + gu delta) + (1 - theta) gl
     * delta}) does not depend on delta: the chord of relu(g) above, of -relu(-g) below; where g is
     * one-signed, the end that gives the envelope of its sign (as the chord does in the limit).
     */
    static double chordTheta(double gl, double gu, boolean upper) {
        if (!(gl < gu)) {
            return 1;
        }
        double t = upper ? gu / (gu - gl) : -gl / (gu - gl);
        return Double.isNaN(t) ? (upper ? 1 : 0) : Math.min(1, Math.max(0, t));
    }

    /**
     * The combination theta of parameter p in [0, 1], relative to the chord's {@code chord}: 0, the
     * chord and 1 at p = 0, 1/2 and 1, linear between. Relative, so that parameters a branch-and-bound
     * child inherits from its parent start at its own chord wherever they started at the parent's.
     */
    static double theta(double chord, double p) {
        return p <= 0.5 ? chord * (2 * p) : chord + (1 - chord) * (2 * p - 1);
    }

    /**
     * The plane {@code out[G] g + out[Z] z + out[C]} below (above when {@code upper}) s(z) g for z in
     * [zl, zu], g in [gl, gu], s = 1 above 0, a below, anything between at 0 (Shi et al.'s relaxation,
     * extended by z). Where z's sign is known it is exact. Otherwise y = a g + (1 - a) w with
     * w = delta g, delta = 1[z > 0] in [0, 1]: w is bounded by a combination of its two McCormick
     * planes in (delta, g) ({@link #chordTheta}, {@link #theta} of the parameter {@code theta}), and delta, where the plane still depends on
     * it, by a line in z through the kink's corner: {@code delta <= 1 - rho z / zl} or
     * {@code delta >= rho z / zu} (rho in [0, 1]; rho = 0 is delta's constant bound). NaN parameters
     * are CROWN's: the chord, rho 0 (the paper's relaxation). The slopes come from the parameters; the
     * constant is then the largest (smallest) gap {@code s g - G g - Z z} at the corners of the two
     * linear pieces (the gap is linear on each), rounded outward, so the plane is sound for any slopes.
     */
    static void plane(double a, boolean closed, double zl, double zu, double gl, double gu, boolean upper, double theta,
                      double rho, double[] out) {
        out[Z] = 0;
        if (active(zl, zu, closed) || inactive(zl, zu, closed)) {
            out[G] = active(zl, zu, closed) ? 1 : a;
            out[C] = 0;
            return;
        }
        // w's side: y = a g + (1 - a) w
        boolean wUpper = upper == (1 - a >= 0);
        double t = theta(chordTheta(gl, gu, wUpper), Double.isNaN(theta) ? 0.5 : theta);
        double r = Double.isNaN(rho) ? 0 : rho;
        double gw = t;
        double cDelta = wUpper ? t * gl + (1 - t) * gu : t * gu + (1 - t) * gl;
        // delta's upper line where the plane needs delta bounded from above, else its lower line
        boolean deltaUpper = (cDelta >= 0) == wUpper;
        // rho is capped so that |Z z| <= |(1 - a) cDelta| over z's interval: the plane's terms stay
        // within a few times the output's magnitude, which the propagator's rounding bound assumes
        double zDelta = deltaUpper ? (zl < 0 ? -Math.min(r, zu > 0 ? -zl / zu : 1) / zl : 0)
            : (zu > 0 ? Math.min(r, zl < 0 ? zu / -zl : 1) / zu : 0);
        double zw = r == 0 || cDelta == 0 ? 0 : cDelta * zDelta;
        // a point g: the term in g is a constant, left in the plane's constant (no cancellation)
        out[G] = gl == gu ? 0 : t == 1 ? 1 : t == 0 ? a : a + (1 - a) * gw;
        out[Z] = (1 - a) * zw;
        if (!Double.isFinite(out[Z]) || !Double.isFinite(out[G])) {
            out[G] = 0;
            out[Z] = 0;
        }
        double c = upper ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        double scale = 0;
        for (double zc : new double[] {zl, zu, 0}) {
            if (zc < zl || zc > zu) {
                continue;
            }
            for (double s : new double[] {a, 1}) {
                if (zc < 0 && s != a || zc > 0 && s != 1) {
                    continue;
                }
                for (double gc : new double[] {gl, gu}) {
                    double d = s - out[G];
                    double gap = (d == 0 ? 0 : d * gc) - (out[Z] == 0 ? 0 : out[Z] * zc);
                    c = upper ? Math.max(c, gap) : Math.min(c, gap);
                    // s g - G g is exactly 0 where s == G, even for an unbounded g
                    double m = (d == 0 ? 0 : Math.abs(s * gc) + Math.abs(out[G] * gc)) + (out[Z] == 0 ? 0 : Math.abs(out[Z] * zc));
                    scale = Math.max(scale, m);
                }
            }
        }
        double bound = upper ? OutwardRounding.padUp(c, scale) : OutwardRounding.padDown(c, scale);
        if (Double.isInfinite(bound) && (out[G] != 0 || out[Z] != 0)) {
            // no finite plane with these slopes: the constant bound of the interval (infinite where g's is)
            out[G] = 0;
            out[Z] = 0;
            double lo = Math.min(a, 1);
            double hi = Math.max(a, 1);
            double[] ends = {lo * gl, lo * gu, hi * gl, hi * gu};
            c = upper ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (double e : ends) {
                c = Double.isNaN(e) ? c : upper ? Math.max(c, e) : Math.min(c, e);
            }
            bound = upper ? OutwardRounding.padUp(c, 0) : OutwardRounding.padDown(c, 0);
        }
        out[C] = bound;
    }
}
