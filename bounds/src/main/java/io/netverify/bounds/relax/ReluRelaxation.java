package io.netverify.bounds.relax;

/**
 * ReLU. Unstable neurons (l < 0 < u): the chord from (l, 0) to (u, u) above, and below the line
 * {@code alpha x} with alpha in [0, 1] (CROWN's adaptive choice: 1 when u > -l, else 0).
 */
public final class ReluRelaxation extends ElementwiseRelaxation {
    /** Monotone, element for element: the interval of an exact interval is exact. */
    @Override
    public boolean keepsIntervalsExact() {
        return true;
    }

    @Override
    protected void range(double l, double u, double[] out) {
        out[0] = Math.max(l, 0);
        out[1] = Math.max(u, 0);
    }

    @Override
    protected void lines(double l, double u, double alpha, double alphaUpper, double[] out) {
        out[LS] = lowerSlope(l, u, alpha);
        out[LB] = 0;
        out[US] = upperSlope(l, u);
        out[UB] = upperIntercept(l, u, out[US]);
    }

    /** One side only, without the work of the other: alpha-CROWN asks for a line per row and neuron. */
    @Override
    protected void line(double l, double u, double alpha, boolean upper, double[] out) {
        out[0] = upper ? upperSlope(l, u) : lowerSlope(l, u, alpha);
        out[1] = upper ? upperIntercept(l, u, out[0]) : 0;
    }

    /**
     * The lower line alpha x moves with alpha only; the chord, through (l, 0) and (u, u) with
     * intercept -u l / (u - l), with l and u.
     */
    @Override
    protected void lineWithDerivatives(double l, double u, double alpha, boolean upper, double[] out) {
        line(l, u, alpha, upper, out);
        Chord.acrossKink(l, u, alpha, !upper, 0, 1, 1, 0, 1, out);
    }

    private static double lowerSlope(double l, double u, double alpha) {
        if (u <= 0 || l >= 0) {
            return u <= 0 ? 0 : 1;
        }
        return Double.isNaN(alpha) ? (u > -l ? 1 : 0) : Math.min(1, Math.max(0, alpha));
    }

    /**
     * The chord's slope u / (u - l); where u - l overflows, 0 (the line y = u); with an unbounded end,
     * 1 (u = inf: y = x - l) or 0 (l = -inf: y = u), and 0 with both unbounded (y = inf).
     */
    private static double upperSlope(double l, double u) {
        if (u <= 0 || l >= 0) {
            return u <= 0 ? 0 : 1;
        }
        if (u == Double.POSITIVE_INFINITY) {
            return l == Double.NEGATIVE_INFINITY ? 0 : 1;
        }
        return u / (u - l);
    }

    /**
     * The line must lie above relu at both ends (convexity does the rest): the larger of the two
     * gaps, each computed with at most two roundings of magnitudes up to max(|s l|, u), padded for them.
     */
    private static double upperIntercept(double l, double u, double s) {
        if (u <= 0 || l >= 0) {
            return 0;
        }
        if (Double.isInfinite(l) || Double.isInfinite(u)) {
            return s == 1 ? -l : u;
        }
        double atL = -s * l;
        return OutwardRounding.padUp(Math.max(atL, u - s * u), Math.max(atL, u));
    }

    /** At the kink: both halves are then exact. */
    @Override
    public double branchPoint(double l, double u) {
        return 0;
    }

    @Override
    public boolean intersectsInputBounds() {
        return false;
    }

    @Override
    public boolean needsRefinement(double l, double u) {
        return l < 0 && u > 0;
    }

    @Override
    protected double initialAlpha(double l, double u, boolean upper) {
        return !upper && l < 0 && u > 0 ? (u > -l ? 1 : 0) : Double.NaN;
    }

    @Override
    protected double projectAlpha(double l, double u, boolean upper, double alpha) {
        return Math.min(1, Math.max(0, alpha));
    }

    @Override
    public double slopeBelowKink() {
        return 0;
    }
}
