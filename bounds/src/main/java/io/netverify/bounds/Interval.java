package io.netverify.bounds;

import io.netverify.onnx.Tensor;

/** Element-wise bounds {@code lower <= v <= upper} of a flattened value. Arrays are read only once shared. */
public record Interval(double[] lower, double[] upper) {
    public Interval {
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower has " + lower.length + " elements, upper " + upper.length);
        }
    }

    /** The degenerate interval of a constant. */
    public static Interval of(Tensor t) {
        return new Interval(t.data(), t.data());
    }

    public int size() {
        return lower.length;
    }

    /**
     * This interval with what a NaN or infinite endpoint means made explicit: a NaN bound (from
     * infinities of both signs, or 0 times infinity) gives no information, so it becomes infinite;
     * a real value is never infinite, so a lower bound of +infinity (overflow above the largest
     * double) becomes the largest double, and an upper bound of -infinity the most negative one.
     * Returns this interval when nothing changes.
     */
    public Interval withoutNaN() {
        double[] l = null;
        double[] u = null;
        for (int i = 0; i < lower.length; i++) {
            double lo = Double.isNaN(lower[i]) ? Double.NEGATIVE_INFINITY : Math.min(lower[i], Double.MAX_VALUE);
            double hi = Double.isNaN(upper[i]) ? Double.POSITIVE_INFINITY : Math.max(upper[i], -Double.MAX_VALUE);
            if (lo != lower[i] || hi != upper[i]) {
                l = l == null ? lower.clone() : l;
                u = u == null ? upper.clone() : u;
                l[i] = lo;
                u[i] = hi;
            }
        }
        return l == null ? this : new Interval(l, u);
    }

    /** Element-wise intersection with another sound interval of the same value. */
    public Interval intersect(Interval other) {
        double[] l = new double[size()];
        double[] u = new double[size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.max(lower[i], other.lower[i]);
            u[i] = Math.min(upper[i], other.upper[i]);
        }
        return new Interval(l, u);
    }

    /** Whether every element of x lies inside, with tolerance {@code tol * (1 + |bound|)}. */
    public boolean contains(double[] x, double tol) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] < lower[i] - tol * (1 + Math.abs(lower[i])) || x[i] > upper[i] + tol * (1 + Math.abs(upper[i]))) {
                return false;
            }
        }
        return true;
    }
}
