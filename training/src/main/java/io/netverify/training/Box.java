package io.netverify.training;

/**
 * Element-wise lower and upper bounds of a batch of values (batch x features, row-major); also
 * used for the gradients of a loss with respect to those bounds.
 */
public record Box(double[] lower, double[] upper) {
    /**
     * Checks that both bounds have the same length.
     *
     * @param lower the lower bounds
     * @param upper the upper bounds
     */
    public Box {
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower has " + lower.length + " values, upper " + upper.length);
        }
    }

    static Box zeros(int size) {
        return new Box(new double[size], new double[size]);
    }

    double[] mid() {
        double[] m = new double[lower.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = 0.5 * (lower[i] + upper[i]);
        }
        return m;
    }

    double[] radius() {
        double[] r = new double[lower.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = 0.5 * (upper[i] - lower[i]);
        }
        return r;
    }

    /** The bounds from a midpoint and a radius. */
    static Box around(double[] mid, double[] radius) {
        double[] lo = new double[mid.length];
        double[] hi = new double[mid.length];
        for (int i = 0; i < mid.length; i++) {
            lo[i] = mid[i] - radius[i];
            hi[i] = mid[i] + radius[i];
        }
        return new Box(lo, hi);
    }

    /** The gradient with respect to lower and upper of one given with respect to midpoint and radius. */
    static Box fromMidRadius(double[] gMid, double[] gRadius) {
        double[] lo = new double[gMid.length];
        double[] hi = new double[gMid.length];
        for (int i = 0; i < gMid.length; i++) {
            lo[i] = 0.5 * (gMid[i] - gRadius[i]);
            hi[i] = 0.5 * (gMid[i] + gRadius[i]);
        }
        return new Box(lo, hi);
    }

    void add(Box other) {
        Dense.addInto(lower, other.lower);
        Dense.addInto(upper, other.upper);
    }
}
