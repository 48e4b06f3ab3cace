package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.ModelException;
import io.netverify.onnx.Node;

/**
 * Relaxation of a smooth element-wise function given as a {@link Curve}: IBP by its range, lines by
 * {@link SupportingLines}. alpha-CROWN parameters are tangent points in [l, u], one for the lower
 * and one for the upper line; every point of [l, u] gives a sound line (its tangent slope with a
 * verified intercept). Neurons whose default line is a chord or horizontal are not optimised.
 */
abstract class CurveRelaxation extends NodeConfiguredRelaxation {
    private final Curve curve;
    private final Curve negated;
    private final BranchPoints branchPoints;

    CurveRelaxation(Curve curve) {
        this.curve = curve;
        this.negated = curve == null ? null : curve.negate();
        this.branchPoints = new BranchPoints(this, curve == null ? Double.NaN : curve.period());
    }

    /** Looked up in this function's table of optimised points. */
    @Override
    protected double areaBranchPoint(double l, double u) {
        return branchPoints.point(l, u);
    }

    /**
     * The inflection points, where the default lines change shape, and for a periodic function the
     * points just within a period of either end, where a child becomes narrower than a period and
     * its lines stop being horizontal.
     */
    @Override
    protected double[] branchCandidates(double l, double u) {
        double[] inflections = curve.inflections(l, u);
        double period = curve.period();
        if (Double.isNaN(period) || !(u - l > period)) {
            return inflections == null ? Curve.NONE : inflections;
        }
        double within = period * (1 - 1e-9);
        return new double[] {l + within, u - within};
    }

    /** The curve of a node; override where it depends on the node. */
    Curve curve(Node node, Graph graph) {
        return curve;
    }

    @Override
    final ElementwiseRelaxation configure(Node node, Graph graph) {
        Curve c = curve(node, graph);
        return c == curve ? this : new Fixed(c);
    }

    @Override
    final void checkInput(Node node, Interval x) {
        for (int i = 0; i < x.size(); i++) {
            String problem = curve.domainProblem(x.lower()[i], x.upper()[i]);
            if (problem != null) {
                throw new ModelException(node.describe() + ": element " + i + " has input interval ["
                    + x.lower()[i] + ", " + x.upper()[i] + "], " + problem);
            }
        }
    }

    @Override
    protected final void range(double l, double u, double[] out) {
        curve.range(l, u, out);
    }

    @Override
    protected final void lines(double l, double u, double alphaLower, double alphaUpper, double[] out) {
        double[] line = new double[SupportingLines.WIDTH];
        SupportingLines.upper(negated, l, u, alphaLower, line);
        out[LS] = -line[SupportingLines.SLOPE];
        out[LB] = -line[SupportingLines.INTERCEPT];
        SupportingLines.upper(curve, l, u, alphaUpper, line);
        out[US] = line[SupportingLines.SLOPE];
        out[UB] = line[SupportingLines.INTERCEPT];
    }

    @Override
    protected final void line(double l, double u, double alpha, boolean upper, double[] out) {
        double[] line = new double[SupportingLines.WIDTH];
        SupportingLines.upper(upper ? curve : negated, l, u, alpha, line);
        double sign = upper ? 1 : -1;
        out[0] = sign * line[SupportingLines.SLOPE];
        out[1] = sign * line[SupportingLines.INTERCEPT];
    }

    /**
     * The slope's derivatives as {@link SupportingLines} finds them (f'' at a tangent point that
     * moves, chord slopes through the ends), the intercept's from where the line's gap is largest.
     */
    @Override
    protected final void lineWithDerivatives(double l, double u, double alpha, boolean upper, double[] out) {
        double[] line = new double[SupportingLines.WIDTH];
        Curve c = upper ? curve : negated;
        SupportingLines.upper(c, l, u, alpha, line);
        LineDerivatives.above(line[SupportingLines.SLOPE], line[SupportingLines.INTERCEPT], line[SupportingLines.ARGMAX],
            l, u, c.df(l), c.df(u), line[SupportingLines.DS_D], line[SupportingLines.DS_L], line[SupportingLines.DS_U], out);
        if (!upper) {
            LineDerivatives.negate(out);
        }
    }

    @Override
    protected final double initialAlpha(double l, double u, boolean upper) {
        double[] line = new double[SupportingLines.WIDTH];
        SupportingLines.upper(upper ? curve : negated, l, u, Double.NaN, line);
        return line[SupportingLines.TOUCH];
    }

    @Override
    protected final double projectAlpha(double l, double u, boolean upper, double alpha) {
        return Math.min(u, Math.max(l, alpha));
    }

    /** The relaxation of a curve that a node configured (see {@link #curve(Node, Graph)}). */
    private static final class Fixed extends CurveRelaxation {
        Fixed(Curve curve) {
            super(curve);
        }
    }
}
