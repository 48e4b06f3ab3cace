package io.netverify.bounds.relax;

/**
 * ReLU. Unstable neurons (l < 0 < u): the chord from (l, 0) to (u, u) above, and below the line
 * {@code alpha x} with alpha in [0, 1] (CROWN's adaptive choice: 1 when u > -l, else 0).
 */
public final class ReluRelaxation extends ElementwiseRelaxation {
    @Override
    protected void range(double l, double u, double[] out) {
        out[0] = Math.max(l, 0);
        out[1] = Math.max(u, 0);
    }

    @Override
    protected void lines(double l, double u, double alpha, double alphaUpper, double[] out) {
        if (u <= 0) {
            out[LS] = 0;
            out[LB] = 0;
            out[US] = 0;
            out[UB] = 0;
        } else if (l >= 0) {
            out[LS] = 1;
            out[LB] = 0;
            out[US] = 1;
            out[UB] = 0;
        } else {
            double s = u / (u - l);
            out[US] = s;
            // the chord must lie above relu at both ends; pad for rounding
            out[UB] = padUp(Math.max(-s * l, u - s * u));
            out[LS] = Double.isNaN(alpha) ? (u > -l ? 1 : 0) : Math.min(1, Math.max(0, alpha));
            out[LB] = 0;
        }
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
}
