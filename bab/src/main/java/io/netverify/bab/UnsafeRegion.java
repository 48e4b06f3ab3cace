package io.netverify.bab;

/**
 * An unsafe output region {@code C y <= d} of a property (y = the network's flattened output): a
 * point of the domain whose output lies in it is a counterexample. It is excluded from a domain when
 * some row's margin {@code c_k . y - d_k} has a positive lower bound there. Arrays are shared: read only.
 */
public record UnsafeRegion(double[][] c, double[] d) {
    public UnsafeRegion {
        if (c.length != d.length) {
            throw new IllegalArgumentException("unsafe region: " + c.length + " rows, " + d.length + " right-hand sides");
        }
    }

    /** max_k (c_k . y - d_k): > 0 when y is outside; negative infinity without rows (all outputs unsafe). */
    public double margin(double[] y) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c.length; k++) {
            double s = -d[k];
            for (int j = 0; j < y.length; j++) {
                s += c[k][j] * y[j];
            }
            max = Math.max(max, s);
        }
        return max;
    }
}
