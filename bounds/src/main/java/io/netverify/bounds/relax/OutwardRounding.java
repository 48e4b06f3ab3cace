package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;

/**
 * The one place where bounds are rounded outward. Every bound computed in float64 is moved away
 * from the function by the proven error of its computation: an absolute error {@code e}
 * ({@link #below}, {@link #above}), or a few ulps of the magnitudes the computation went through
 * ({@link #padDown}, {@link #padUp}). A non-finite result (an overflow, or NaN from inf - inf or
 * 0 * inf) becomes the sound infinite bound: -inf for a lower bound, +inf for an upper bound, so no
 * bound is ever NaN and an overflow never turns into a finite claim.
 *
 * <p>Linear operators are exact in real arithmetic, but a bound computed in floating point (and the
 * evaluator's own result) can be off by the rounding of a sum: for n terms at most
 * {@code gamma(n) * sum |term|} (Higham); {@link #widen} widens intervals by such an estimate.
 */
public final class OutwardRounding {
    private static final double UNIT = 0x1p-53;
    /**
     * Relative padding: 2^-49 = 16 units of roundoff of |x| + scale, more than the at most 8
     * roundings (each within one unit of the magnitudes involved) of the formulas padded with it.
     */
    static final double PAD = 0x1p-49;

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

    /** v as a lower bound: -inf where it is NaN or +inf (an overflow proves nothing). */
    public static double lowerBound(double v) {
        return v < Double.POSITIVE_INFINITY ? v : Double.NEGATIVE_INFINITY;
    }

    /** v as an upper bound: +inf where it is NaN or -inf. */
    public static double upperBound(double v) {
        return v > Double.NEGATIVE_INFINITY ? v : Double.POSITIVE_INFINITY;
    }

    /** The interval with every non-finite (or NaN) end replaced by the sound infinite bound. */
    public static Interval sound(Interval x) {
        double[] lo = x.lower();
        double[] hi = x.upper();
        for (int i = 0; i < lo.length; i++) {
            if (!Double.isFinite(lo[i]) || !Double.isFinite(hi[i])) {
                lo = lo == x.lower() ? lo.clone() : lo;
                hi = hi == x.upper() ? hi.clone() : hi;
                lo[i] = lowerBound(lo[i]);
                hi[i] = upperBound(hi[i]);
            }
        }
        return lo == x.lower() ? x : new Interval(lo, hi);
    }

    /** A number at most v - e: the extra 2^-51 (|v| + e) absorbs the roundings of the subtractions. */
    public static double below(double v, double e) {
        return lowerBound(Math.nextDown(v - e - 0x1p-51 * (Math.abs(v) + e)));
    }

    /** A number at least v + e. */
    public static double above(double v, double e) {
        return upperBound(Math.nextUp(v + e + 0x1p-51 * (Math.abs(v) + e)));
    }

    /**
     * x moved up by 2^-49 (|x| + scale) and the smallest normal number: a bound computed by a few
     * roundings from quantities of magnitude up to {@code scale} (and of x), each within a unit of
     * roundoff of its magnitude or, where it underflows, within an ulp of the smallest normal. The
     * two parts of the pad are scaled before they are added, so that x and scale near the largest
     * double do not overflow the pad to infinity.
     */
    public static double padUp(double x, double scale) {
        return upperBound(Math.nextUp(x + (PAD * Math.abs(x) + PAD * Math.abs(scale)) + Double.MIN_NORMAL));
    }

    /** x moved down as {@link #padUp} moves it up. */
    public static double padDown(double x, double scale) {
        return lowerBound(Math.nextDown(x - (PAD * Math.abs(x) + PAD * Math.abs(scale)) - Double.MIN_NORMAL));
    }

    /**
     * [lower - e, upper + e] rounded outward with {@code e = factor * gamma(n) * magnitude} per
     * element ({@code magnitude} bounds the sum of absolute terms of the element's computations), plus
     * n times the smallest subnormal for underflow.
     */
    static Interval widen(double[] lower, double[] upper, double[] magnitude, double factor, long n) {
        double g = factor * gamma(n);
        double tiny = n * Double.MIN_VALUE;
        double[] lo = new double[lower.length];
        double[] hi = new double[upper.length];
        for (int i = 0; i < lo.length; i++) {
            double e = g * Math.abs(magnitude[i]) + tiny;
            lo[i] = below(lower[i], e);
            hi[i] = above(upper[i], e);
        }
        return new Interval(lo, hi);
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
