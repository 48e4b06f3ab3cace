package io.netverify.bounds.relax;

/**
 * Abs: convex, so across 0 the chord above and a line {@code s x} below with s in [-1, 1] (default:
 * the sign of the midpoint, as ReLU's adaptive slope); alpha-CROWN optimises s.
 */
public final class AbsRelaxation extends ElementwiseRelaxation {
    @Override
    protected void range(double l, double u, double[] out) {
        out[0] = l > 0 ? l : u < 0 ? -u : 0;
        out[1] = Math.max(Math.abs(l), Math.abs(u));
    }

    @Override
    protected void lines(double l, double u, double alphaLower, double alphaUpper, double[] out) {
        if (!(l < 0 && u > 0)) {
            double s = u <= 0 ? -1 : 1;
            out[LS] = s;
            out[LB] = 0;
            out[US] = s;
            out[UB] = 0;
            return;
        }
        double chord = (u + l) / (u - l);
        out[US] = chord;
        out[UB] = SupportingLines.interceptAbove(chord, new double[] {l, u}, new double[] {-l, u});
        // |s| <= 1 keeps the rounded s x within |x|
        out[LS] = Double.isNaN(alphaLower) ? initialAlpha(l, u, false) : projectAlpha(l, u, false, alphaLower);
        out[LB] = 0;
    }

    /** The line s x moves with s; the chord through (l, -l) and (u, u) with l and u. */
    @Override
    protected void lineWithDerivatives(double l, double u, double alpha, boolean upper, double[] out) {
        line(l, u, alpha, upper, out);
        Chord.acrossKink(l, u, alpha, !upper, -1, 1, 1, -1, 1, out);
    }

    @Override
    public boolean needsRefinement(double l, double u) {
        return l < 0 && u > 0;
    }

    @Override
    protected double initialAlpha(double l, double u, boolean upper) {
        return !upper && l < 0 && u > 0 ? (u > -l ? 1 : -1) : Double.NaN;
    }

    @Override
    protected double projectAlpha(double l, double u, boolean upper, double alpha) {
        return Math.min(1, Math.max(-1, alpha));
    }

    @Override
    public double slopeBelowKink() {
        return -1;
    }
}
