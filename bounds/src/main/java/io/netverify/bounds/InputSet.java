package io.netverify.bounds;

import io.netverify.bounds.relax.OutwardRounding;
import io.netverify.bounds.relax.Rows;

/**
 * The set one graph input ranges over (flattened): a {@link Box} (l_inf box, any bounds), a
 * {@link Point} (an exact input, e.g. an output weighting or a parameter), or a {@link Ball} (an
 * l_1, l_2 or l_inf ball of radius eps around a centre). A backward pass ends with a linear function
 * {@code a . x} of each input, whose minimum over the set each kind computes in closed form:
 * {@code min a.x = sum_j min(a_j l_j, a_j u_j)} over a box, {@code a . c} at a point, and
 * {@code a . c - eps ||a||_q} over a ball (q the dual norm of p: l_inf balls give l_1, l_1 balls
 * l_inf, l_2 balls l_2). Interval propagation uses the set's bounding {@link #box}.
 *
 * <p>Floating point: the minimum is computed in float64 and reported with a magnitude that bounds
 * the sum of absolute values of its terms, from which {@link RoundingError#addConcretization} bounds
 * its rounding error (as for a box). A ball's norm term is itself an upper bound of
 * {@code eps ||a||_q}, rounded up, so it enters that sum as one more term.
 */
public sealed interface InputSet permits InputSet.Box, InputSet.Point, InputSet.Ball {
    /** The norm of a {@link Ball}. */
    enum Norm { L1, L2, LINF }

    /** The number of elements (the input's flattened size). */
    int size();

    /** A box containing the set, rounded outward: what interval propagation starts from. */
    Interval box();

    /**
     * For rows {@code from..from+rows-1} of {@code a} (each of this set's size): adds the minimum over
     * the set of {@code a_k . x} to {@code lower[k]} and sets {@code magnitude[k]} to a bound of the sum
     * of absolute values of the terms that minimum was computed from; nothing when a is null (the
     * function does not depend on this input).
     */
    void addMinimum(double[] a, int from, int rows, double[] lower, double[] magnitude);

    /**
     * A point of the set where {@code a_k . x} is smallest (up to rounding), for row k of a: the
     * evaluation point of the gradient of a bound (Danskin).
     */
    double[] minimiser(double[] a, int k);

    /** Terms of the float64 sum {@link #addMinimum} forms per row, for its rounding-error bound. */
    default int terms() {
        return size();
    }

    static Box box(Interval box) {
        return new Box(box);
    }

    static Point point(double[] x) {
        return new Point(x);
    }

    static Ball ball(Norm norm, double[] centre, double eps) {
        return new Ball(norm, centre, eps);
    }

    /** The l_inf box {@code [lower, upper]} (bounds may be infinite; not empty, not NaN). */
    record Box(Interval interval) implements InputSet {
        public Box {
            for (int i = 0; i < interval.size(); i++) {
                if (!(interval.lower()[i] <= interval.upper()[i])) {
                    throw new IllegalArgumentException("empty or NaN box in dimension " + i);
                }
            }
        }

        @Override
        public int size() {
            return interval.size();
        }

        @Override
        public Interval box() {
            return interval;
        }

        @Override
        public void addMinimum(double[] a, int from, int rows, double[] lower, double[] magnitude) {
            BoxMinimum.add(a, from, rows, interval, lower, magnitude);
        }

        @Override
        public double[] minimiser(double[] a, int k) {
            int n = size();
            double[] x = new double[n];
            for (int j = 0; j < n; j++) {
                x[j] = a != null && a[k * n + j] < 0 ? interval.upper()[j] : interval.lower()[j];
            }
            return x;
        }

        @Override
        public String toString() {
            return "box " + java.util.Arrays.toString(interval.lower()) + " .. " + java.util.Arrays.toString(interval.upper());
        }
    }

    /** The single point x (finite). */
    record Point(double[] x) implements InputSet {
        public Point {
            x = finite(x, "point");
        }

        @Override
        public int size() {
            return x.length;
        }

        @Override
        public Interval box() {
            return new Interval(x, x);
        }

        @Override
        public void addMinimum(double[] a, int from, int rows, double[] lower, double[] magnitude) {
            if (a != null) {
                Rows.range(rows, x.length).map(k -> from + k).forEach(k -> {
                    lower[k] += dot(a, k, x);
                    magnitude[k] = absDot(a, k, x);
                });
            }
        }

        @Override
        public double[] minimiser(double[] a, int k) {
            return x.clone();
        }

        @Override
        public String toString() {
            return "point " + java.util.Arrays.toString(x);
        }
    }

    /**
     * The ball {@code ||x - centre||_p <= eps} (centre finite, eps finite and nonnegative); eps 0 is
     * the centre alone.
     */
    record Ball(Norm norm, double[] centre, double eps) implements InputSet {
        public Ball {
            centre = finite(centre, "ball centre");
            if (!(eps >= 0 && eps < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("ball radius must be finite and nonnegative, got " + eps);
            }
        }

        @Override
        public int size() {
            return centre.length;
        }

        /** Every point of an l_p ball lies within eps of the centre in each coordinate. */
        @Override
        public Interval box() {
            int n = centre.length;
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                // rounded to nearest, then one step outward; exact (and not widened) for eps 0
                lo[i] = eps == 0 ? centre[i] : OutwardRounding.lowerBound(Math.nextDown(centre[i] - eps));
                hi[i] = eps == 0 ? centre[i] : OutwardRounding.upperBound(Math.nextUp(centre[i] + eps));
            }
            return new Interval(lo, hi);
        }

        @Override
        public void addMinimum(double[] a, int from, int rows, double[] lower, double[] magnitude) {
            if (a != null) {
                Rows.range(rows, centre.length).map(k -> from + k).forEach(k -> {
                    double r = eps == 0 ? 0 : Math.nextUp(eps * dualNormUp(a, k));
                    lower[k] += dot(a, k, centre) - r;
                    magnitude[k] = absDot(a, k, centre) + r;
                });
            }
        }

        @Override
        public int terms() {
            return size() + 1;
        }

        @Override
        public String toString() {
            return norm + " ball of radius " + eps + " around " + java.util.Arrays.toString(centre);
        }

        /** An upper bound of {@code ||a_k||_q} (q dual to the ball's norm), rounded up. */
        double dualNormUp(double[] a, int k) {
            int n = centre.length;
            int base = k * n;
            switch (norm) {
                case LINF -> {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += Math.abs(a[base + j]);
                    }
                    // a sum of n nonnegative terms errs by at most gamma(n) of itself
                    return OutwardRounding.above(s, 2 * OutwardRounding.gamma(n + 1L) * s);
                }
                case L1 -> {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s = Math.max(s, Math.abs(a[base + j]));
                    }
                    return Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
                }
                default -> {
                    return l2Up(a, base, n);
                }
            }
        }

        /**
         * {@code ||a||_2} rounded up: the entries are scaled by a power of two near the largest
         * (exact) so that squares neither overflow nor lose the largest terms to underflow, the sum
         * of squares is rounded up by gamma(n + 1) of itself plus what underflowing squares lose, and
         * the square root and the scaling back are rounded up.
         */
        private static double l2Up(double[] a, int base, int n) {
            double max = 0;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, Math.abs(a[base + j]));
            }
            if (max == 0) {
                return 0;
            }
            if (!(max < Double.POSITIVE_INFINITY)) {
                return Double.POSITIVE_INFINITY;
            }
            int e = Math.getExponent(max);
            double s = 0;
            for (int j = 0; j < n; j++) {
                double b = Math.scalb(a[base + j], -e);
                s += b * b;
            }
            double up = OutwardRounding.above(s, 2 * OutwardRounding.gamma(n + 1L) * s + n * Double.MIN_NORMAL);
            return Math.nextUp(Math.scalb(Math.nextUp(Math.sqrt(up)), e));
        }

        @Override
        public double[] minimiser(double[] a, int k) {
            int n = centre.length;
            double[] x = centre.clone();
            if (a == null || eps == 0) {
                return x;
            }
            int base = k * n;
            switch (norm) {
                case LINF -> {
                    for (int j = 0; j < n; j++) {
                        x[j] -= eps * Math.signum(a[base + j]);
                    }
                }
                case L1 -> {
                    int best = 0;
                    for (int j = 1; j < n; j++) {
                        best = Math.abs(a[base + j]) > Math.abs(a[base + best]) ? j : best;
                    }
                    x[best] -= eps * Math.signum(a[base + best]);
                }
                default -> {
                    double norm2 = l2Up(a, base, n);
                    for (int j = 0; norm2 > 0 && j < n; j++) {
                        x[j] -= eps * (a[base + j] / norm2);
                    }
                }
            }
            return x;
        }
    }

    private static double[] finite(double[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(what + " is not finite in dimension " + i + ": " + x[i]);
            }
        }
        return x.clone();
    }

    /** {@code a_k . x}. */
    private static double dot(double[] a, int k, double[] x) {
        int base = k * x.length;
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += a[base + j] * x[j];
        }
        return s;
    }

    /** {@code sum_j |a_kj x_j|}. */
    private static double absDot(double[] a, int k, double[] x) {
        int base = k * x.length;
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += Math.abs(a[base + j] * x[j]);
        }
        return s;
    }
}
