package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

/**
 * LeakyRelu(a): x for x >= 0, a x below. For a <= 1 it is convex: across 0 the chord lies above and
 * a line {@code s x} with s in [a, 1] below (CROWN's choice: s = 1 when the chord's slope exceeds
 * 0.5, else a). For a > 1 it is concave and the roles swap (s in [1, a] above, by the side of the
 * midpoint). alpha-CROWN's parameter t in [0, 1] gives {@code s = a + t (1 - a)}.
 */
public final class LeakyReluRelaxation extends NodeConfiguredRelaxation {
    /** Monotone, element for element: the interval of an exact interval is exact. */
    @Override
    public boolean keepsIntervalsExact() {
        return true;
    }

    /** ONNX float attributes are float32: the default 0.01 as the evaluator reads it. */
    private static final float DEFAULT_ALPHA = 0.01f;

    private final double a;

    public LeakyReluRelaxation() {
        this(DEFAULT_ALPHA);
    }

    private LeakyReluRelaxation(double a) {
        this.a = a;
    }

    @Override
    ElementwiseRelaxation configure(Node node, Graph graph) {
        double alpha = node.attributes().getFloat("alpha", DEFAULT_ALPHA);
        return Double.compare(alpha, a) == 0 ? this : new LeakyReluRelaxation(alpha);
    }

    private double f(double x) {
        return x >= 0 ? x : a * x;
    }

    @Override
    protected void range(double l, double u, double[] out) {
        // monotone on each side of 0, and a*x rounds monotonically: the ends and 0 bound it exactly
        out[0] = Math.min(f(l), f(u));
        out[1] = Math.max(f(l), f(u));
        if (l < 0 && u > 0) {
            out[0] = Math.min(out[0], 0);
            out[1] = Math.max(out[1], 0);
        }
    }

    @Override
    protected void lines(double l, double u, double alphaLower, double alphaUpper, double[] out) {
        // the evaluator's a x is rounded (by up to half an ulp, or half the smallest subnormal): a line
        // of slope a is exact for the real a x only, so it is padded where it meets the negative side
        double pad = l < 0 ? OutwardRounding.padUp(0, a * l) : 0;
        if (!(l < 0 && u > 0)) {
            double s = u <= 0 ? a : 1;
            out[LS] = s;
            out[LB] = -pad;
            out[US] = s;
            out[UB] = pad;
            return;
        }
        double[] xs = {l, u};
        double[] ys = {f(l), f(u)};
        double chord = (u - a * l) / (u - l);
        boolean convex = a <= 1;
        double t = convex ? alphaLower : alphaUpper;
        if (Double.isNaN(t)) {
            t = defaultT(l, u);
        }
        // between a and 1: then s x lies between a x and x, also after rounding
        double s = Math.min(Math.max(a, 1), Math.max(Math.min(a, 1), a + t * (1 - a)));
        if (convex) {
            out[LS] = s;
            out[LB] = -pad;
            out[US] = chord;
            out[UB] = SupportingLines.interceptAbove(chord, xs, ys);
        } else {
            out[US] = s;
            out[UB] = pad;
            out[LS] = chord;
            out[LB] = SupportingLines.interceptBelow(chord, xs, ys);
        }
    }

    /** The line s x moves with t by 1 - a; the chord with l and u. */
    @Override
    protected void lineWithDerivatives(double l, double u, double alpha, boolean upper, double[] out) {
        line(l, u, alpha, upper, out);
        Chord.acrossKink(l, u, alpha, upper == (a > 1), 0, 1, 1 - a, a, 1, out);
    }

    private double defaultT(double l, double u) {
        return a <= 1 ? ((u - a * l) / (u - l) > 0.5 ? 1 : 0) : (u > -l ? 1 : 0);
    }

    @Override
    public boolean needsRefinement(double l, double u) {
        return l < 0 && u > 0;
    }

    @Override
    protected double initialAlpha(double l, double u, boolean upper) {
        return l < 0 && u > 0 && upper == (a > 1) ? defaultT(l, u) : Double.NaN;
    }

    @Override
    protected double projectAlpha(double l, double u, boolean upper, double alpha) {
        return Math.min(1, Math.max(0, alpha));
    }

    @Override
    public double slopeBelowKink() {
        return a;
    }
}
