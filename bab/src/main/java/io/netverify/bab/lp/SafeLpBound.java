package io.netverify.bab.lp;

/**
 * A rigorous lower bound on the minimum of an LP from any row multipliers y (Neumaier and
 * Shcherbina, "Safe bounds in linear and mixed-integer linear programming", 2004). For every x with
 * {@code rowLower <= A x <= rowUpper} and {@code lower <= x <= upper},
 * {@code c.x = y.(A x) + (c - A^T y).x >= sum_i y_i side_i + sum_j min_{x_j in [l_j, u_j]} r_j x_j}
 * with {@code r = c - A^T y} and side_i the row's lower side where {@code y_i > 0}, its upper side
 * where {@code y_i < 0}. A multiplier whose side is infinite is replaced by 0, which keeps the inequality valid.
 * Every operation is rounded in the safe direction ({@link DirectedRounding}, as Java has no
 * rounding modes): r is enclosed in an interval, and each term and partial sum is a lower bound of
 * the exact one. The result therefore holds for the exact LP over the reals, whatever the quality
 * of y: a poor y only gives a weak (possibly infinite) bound.
 */
public final class SafeLpBound {
    private SafeLpBound() {
    }

    /** A lower bound on {@code min c.x} over the LP (+infinity when a variable's bounds are empty). */
    public static double of(LpProblem p, double[] y) {
        int m = p.rowCount();
        if (y == null || y.length != m) {
            throw new IllegalArgumentException("need " + m + " row multipliers");
        }
        double[] multipliers = new double[m];
        double bound = 0;
        for (int i = 0; i < m; i++) {
            double v = y[i];
            double side = v > 0 ? p.rowLower()[i] : p.rowUpper()[i];
            if (Double.isNaN(v) || v == 0 || !Double.isFinite(side)) {
                continue;
            }
            multipliers[i] = v;
            bound = DirectedRounding.addDown(bound, DirectedRounding.mulDown(v, side));
        }
        int n = p.variableCount();
        double[] rLow = p.objective().clone();
        double[] rHigh = p.objective().clone();
        for (int i = 0; i < m; i++) {
            double v = multipliers[i];
            if (v == 0) {
                continue;
            }
            for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                double a = p.values()[k];
                if (a == 0) {
                    continue;
                }
                int j = p.columns()[k];
                rLow[j] = DirectedRounding.addDown(rLow[j], -DirectedRounding.mulUp(a, v));
                rHigh[j] = DirectedRounding.addUp(rHigh[j], -DirectedRounding.mulDown(a, v));
            }
        }
        for (int j = 0; j < n; j++) {
            double l = p.lower()[j];
            double u = p.upper()[j];
            if (l > u) {
                return Double.POSITIVE_INFINITY;
            }
            // min of r x over the box [rLow, rHigh] x [l, u] of a bilinear function: at a corner
            double t = Math.min(Math.min(mulDown(rLow[j], l), mulDown(rLow[j], u)),
                Math.min(mulDown(rHigh[j], l), mulDown(rHigh[j], u)));
            bound = DirectedRounding.addDown(bound, t);
        }
        // inf - inf or 0 * inf along the way prove nothing
        return Double.isNaN(bound) ? Double.NEGATIVE_INFINITY : bound;
    }

    /** A lower bound on a*b, with 0 times infinity taken as 0 (the limit of r x at r = 0). */
    private static double mulDown(double a, double b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return DirectedRounding.mulDown(a, b);
    }
}
