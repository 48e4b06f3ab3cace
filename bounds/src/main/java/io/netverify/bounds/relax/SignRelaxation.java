package io.netverify.bounds.relax;

/**
 * Sign, a step from -1 to 1 with value 0 at 0. Across 0 the lower line pivots on (0, -1) with a
 * slope in [0, 2/u] (reaching (u, 1) at most) and the upper line on (0, 1) with a slope in
 * [0, -2/l]; by default the steep one where the midpoint's side makes it tighter, as ReLU's
 * adaptive slope. With 0 as an end point the chord through (0, 0) is the best line on the other
 * side. alpha-CROWN's parameter t in [0, 1] is the fraction of the steepest slope.
 */
public final class SignRelaxation extends ElementwiseRelaxation {
    @Override
    public double[] stepLevels() {
        return new double[] {-1, 1};
    }

    @Override
    protected void range(double l, double u, double[] out) {
        out[0] = Math.signum(l);
        out[1] = Math.signum(u);
    }

    @Override
    protected void lines(double l, double u, double alphaLower, double alphaUpper, double[] out) {
        double fl = Math.signum(l);
        double fu = Math.signum(u);
        out[LS] = 0;
        out[LB] = fl;
        out[US] = 0;
        out[UB] = fu;
        if (fl == fu) {
            return;
        }
        if (u > 0) {
            // above -1 left of 0 (only reached when l < 0), 0 at 0, 1 right of it
            double t = Double.isNaN(alphaLower) ? initialAlpha(l, u, false) : projectAlpha(l, u, false, alphaLower);
            double s = l < 0 ? t * 2 / u : 1 / u;
            out[LS] = s;
            out[LB] = SupportingLines.interceptBelow(s, new double[] {0, u}, new double[] {fl, 1});
        }
        if (l < 0) {
            double t = Double.isNaN(alphaUpper) ? initialAlpha(l, u, true) : projectAlpha(l, u, true, alphaUpper);
            double s = u > 0 ? t * -2 / l : -1 / l;
            out[US] = s;
            out[UB] = SupportingLines.interceptAbove(s, new double[] {l, 0}, new double[] {-1, fu});
        }
    }

    /**
     * The pivoting lines: slope t 2 / u below (or t (-2) / l above) across 0, 1 / u (or -1 / l) with 0
     * as an end; their intercepts stay at the pivot's value.
     */
    @Override
    protected void lineWithDerivatives(double l, double u, double alpha, boolean upper, double[] out) {
        line(l, u, alpha, upper, out);
        java.util.Arrays.fill(out, 2, DERIVATIVES, 0);
        if (Math.signum(l) == Math.signum(u) || (upper ? !(l < 0) : !(u > 0))) {
            return;
        }
        boolean across = l < 0 && u > 0;
        boolean free = across && !Double.isNaN(alpha) && alpha >= 0 && alpha <= 1;
        double t = !across ? 1 : Double.isNaN(alpha) ? initialAlpha(l, u, upper) : projectAlpha(l, u, upper, alpha);
        // s = t k / e with e the end (u below, l above) and k = 2 across 0, else 1 (with a sign above)
        double e = upper ? l : u;
        double k = (across ? 2 : 1) * (upper ? -1 : 1);
        out[D_ALPHA] = free ? k / e : 0;
        out[upper ? D_L : D_U] = -t * k / (e * e);
    }

    @Override
    public boolean needsRefinement(double l, double u) {
        return l <= 0 && u >= 0 && l < u;
    }

    @Override
    protected double initialAlpha(double l, double u, boolean upper) {
        if (!(l < 0 && u > 0)) {
            return Double.NaN;
        }
        return (upper ? -l > u : u > -l) ? 1 : 0;
    }

    @Override
    protected double projectAlpha(double l, double u, boolean upper, double alpha) {
        return Math.min(1, Math.max(0, alpha));
    }
}
