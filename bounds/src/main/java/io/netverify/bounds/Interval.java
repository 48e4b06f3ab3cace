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
        return new Interval(t.backingArray(), t.backingArray());
    }

    public int size() {
        return lower.length;
    }

    /** Element-wise intersection with another sound interval of the same value; a NaN bound carries no information. */
    public Interval intersect(Interval other) {
        double[] l = new double[size()];
        double[] u = new double[size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = Double.isNaN(other.lower[i]) ? lower[i] : Double.isNaN(lower[i]) ? other.lower[i] : Math.max(lower[i], other.lower[i]);
            u[i] = Double.isNaN(other.upper[i]) ? upper[i] : Double.isNaN(upper[i]) ? other.upper[i] : Math.min(upper[i], other.upper[i]);
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
