package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;

/**
 * Float64 rounding of interval bounds of linear operators. The operators are exact in real
 * arithmetic, but a bound computed in floating point (and the evaluator's own result) can be off by
 * the rounding of a sum: for n terms at most {@code gamma(n) * sum |term|} (Higham). Bounds are
 * widened by such an error estimate so they hold for the real value and for the evaluator's.
 */
public final class OutwardRounding {
    private static final double UNIT = 0x1p-53;

    private OutwardRounding() {
    }

    /** gamma_n = n u / (1 - n u), u = 2^-53: the relative error bound of a sum of n rounded terms. */
    public static double gamma(long n) {
        double nu = n * UNIT;
        if (nu >= 0.5) {
            throw new IllegalArgumentException("sum of " + n + " terms is too long for the rounding bound");
        }
        return nu / (1 - nu);
    }

    /**
     * [lower - e, upper + e] rounded outward with {@code e = factor * gamma(n) * magnitude} per
     * element ({@code magnitude} bounds the sum of absolute terms of the element's computations), plus
     * n times the smallest subnormal for underflow. A NaN bound (infinite inputs) becomes infinite.
     */
    static Interval widen(double[] lower, double[] upper, double[] magnitude, double factor, long n) {
        double g = factor * gamma(n);
        double tiny = n * Double.MIN_VALUE;
        double[] lo = new double[lower.length];
        double[] hi = new double[upper.length];
        for (int i = 0; i < lo.length; i++) {
            double e = g * Math.abs(magnitude[i]) + tiny;
            lo[i] = down(lower[i], e);
            hi[i] = up(upper[i], e);
            if (Double.isNaN(lo[i]) || Double.isNaN(hi[i])) {
                lo[i] = Double.NEGATIVE_INFINITY;
                hi[i] = Double.POSITIVE_INFINITY;
            }
        }
        return new Interval(lo, hi);
    }

    /** A number at most v - e: the extra 2^-51 (|v| + e) absorbs the roundings of the subtractions. */
    static double down(double v, double e) {
        return Math.nextDown(v - e - 0x1p-51 * (Math.abs(v) + e));
    }

    static double up(double v, double e) {
        return Math.nextUp(v + e + 0x1p-51 * (Math.abs(v) + e));
    }

    /** Element-wise max(|lower|, |upper|): a bound of |x| over the interval. */
    static double[] magnitude(Interval x) {
        double[] m = new double[x.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.max(Math.abs(x.lower()[i]), Math.abs(x.upper()[i]));
        }
        return m;
    }

    /** Centre c and radius r (rounded up) with [lower, upper] inside [c - r, c + r] in real arithmetic. */
    static double[][] centreRadius(Interval x) {
        int n = x.size();
        double[] c = new double[n];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double l = x.lower()[i];
            double u = x.upper()[i];
            c[i] = 0.5 * l + 0.5 * u;
            r[i] = Math.nextUp(Math.max(u - c[i], c[i] - l));
        }
        return new double[][] {c, r};
    }
}
