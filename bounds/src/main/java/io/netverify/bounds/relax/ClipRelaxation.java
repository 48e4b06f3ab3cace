package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.ModelException;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Clip;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Clip to [lo, hi]: constant, identity, constant, with a convex corner at lo and a concave one at
 * hi. Where [l, u] holds the concave corner the upper line pivots on (hi, hi) with a slope in
 * [0, (hi - f(l)) / (hi - l)], else it is the chord; the lower line likewise pivots on (lo, lo).
 * Default slopes: the steep one when the midpoint lies on the corner's sloped side. alpha-CROWN's
 * parameter t in [0, 1] is the fraction of the steepest slope.
 *
 * <p>The bounds come from the evaluator's own function of the node (attributes or constant inputs,
 * by opset): lo = f(-inf) and hi = f(+inf) describe the same function, also when min > max. Every
 * neuron is refined by CROWN: the looked-up instance the propagator asks does not know the bounds.
 */
public final class ClipRelaxation extends NodeConfiguredRelaxation {
    private final double lo;
    private final double hi;

    public ClipRelaxation() {
        this(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    private ClipRelaxation(double lo, double hi) {
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    ElementwiseRelaxation configure(Node node, Graph graph) {
        Tensor[] inputs = new Tensor[node.inputs().size()];
        for (int i = 1; i < inputs.length; i++) {
            String in = node.input(i);
            if (!in.isEmpty()) {
                inputs[i] = graph.constant(in);
                if (inputs[i] == null) {
                    throw new ModelException(node.describe() + ": bounds need constant clip bounds, but '" + in
                        + "' is computed");
                }
            }
        }
        DoubleUnaryOperator f = new Clip().function(node, Arrays.asList(inputs));
        double newLo = f.applyAsDouble(Double.NEGATIVE_INFINITY);
        double newHi = f.applyAsDouble(Double.POSITIVE_INFINITY);
        if (Double.isNaN(newLo) || Double.isNaN(newHi)) {
            throw new ModelException(node.describe() + ": a clip bound is NaN");
        }
        return newLo == lo && newHi == hi ? this : new ClipRelaxation(newLo, newHi);
    }

    private double f(double x) {
        return Math.min(Math.max(x, lo), hi);
    }

    @Override
    protected void range(double l, double u, double[] out) {
        out[0] = f(l);
        out[1] = f(u);
    }

    @Override
    protected void lines(double l, double u, double alphaLower, double alphaUpper, double[] out) {
        double fl = f(l);
        double fu = f(u);
        if (fl == fu || !Double.isFinite(l) || !Double.isFinite(u)) {
            out[LS] = 0;
            out[LB] = fl;
            out[US] = 0;
            out[UB] = fu;
            return;
        }
        double[] xs = corners(l, u);
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = f(xs[i]);
        }
        double chord = (fu - fl) / (u - l);
        double su = l < hi && hi < u ? slope(l, u, true, alphaUpper) : chord;
        double sl = l < lo && lo < u ? slope(l, u, false, alphaLower) : chord;
        out[US] = su;
        out[UB] = SupportingLines.interceptAbove(su, xs, ys);
        out[LS] = sl;
        out[LB] = SupportingLines.interceptBelow(sl, xs, ys);
    }

    /** The slope of the line pivoting on a corner: the fraction t of the steepest one. */
    private double slope(double l, double u, boolean upper, double alpha) {
        double t = Double.isNaN(alpha) ? initialAlpha(l, u, upper) : projectAlpha(l, u, upper, alpha);
        double steepest = upper ? (hi - f(l)) / (hi - l) : (f(u) - lo) / (u - lo);
        return t * steepest;
    }

    /**
     * The chord moves with both ends; a line pivoting on a corner with t (by its steepest slope)
     * and with the far end through that slope; intercepts by {@link LineDerivatives}.
     */
    @Override
    protected void lineWithDerivatives(double l, double u, double alpha, boolean upper, double[] out) {
        line(l, u, alpha, upper, out);
        double fl = f(l);
        double fu = f(u);
        if (fl == fu || !Double.isFinite(l) || !Double.isFinite(u)) {
            LineDerivatives.constant(out[0], out[1], out);
            return;
        }
        double dfl = l > lo && l < hi ? 1 : 0;
        double dfu = u > lo && u < hi ? 1 : 0;
        double s = out[0];
        double dsAlpha = 0;
        double dsL;
        double dsU;
        double corner = upper ? hi : lo;
        if (l < corner && corner < u) {
            double t = Double.isNaN(alpha) ? initialAlpha(l, u, upper) : projectAlpha(l, u, upper, alpha);
            double steepest = upper ? (hi - fl) / (hi - l) : (fu - lo) / (u - lo);
            dsAlpha = Double.isNaN(alpha) || alpha < 0 || alpha > 1 ? 0 : steepest;
            dsL = upper ? t * (steepest - dfl) / (hi - l) : 0;
            dsU = upper ? 0 : t * (dfu - steepest) / (u - lo);
        } else {
            dsL = (s - dfl) / (u - l);
            dsU = (dfu - s) / (u - l);
        }
        double[] xs = corners(l, u);
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = f(xs[i]);
        }
        if (upper) {
            LineDerivatives.abovePoints(s, out[1], xs, ys, dfl, dfu, dsAlpha, dsL, dsU, out);
        } else {
            LineDerivatives.belowPoints(s, out[1], xs, ys, dfl, dfu, dsAlpha, dsL, dsU, out);
        }
    }

    /** The end points and the corners between them: f is linear in between. */
    private double[] corners(double l, double u) {
        double[] xs = {l, lo, hi, u};
        int n = 1;
        for (int i = 1; i < 3; i++) {
            if (xs[i] > l && xs[i] < u) {
                xs[n++] = xs[i];
            }
        }
        xs[n++] = u;
        return Arrays.copyOf(xs, n);
    }

    @Override
    protected double initialAlpha(double l, double u, boolean upper) {
        double m = l + (u - l) / 2;
        if (upper) {
            return l < hi && hi < u ? (m < hi ? 1 : 0) : Double.NaN;
        }
        return l < lo && lo < u ? (m > lo ? 1 : 0) : Double.NaN;
    }

    @Override
    protected double projectAlpha(double l, double u, boolean upper, double alpha) {
        return Math.min(1, Math.max(0, alpha));
    }
}
