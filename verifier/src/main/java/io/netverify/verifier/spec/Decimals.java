package io.netverify.verifier.spec;

import java.math.BigDecimal;

/**
 * Directed rounding of exact decimal constants to doubles, and exact comparison of doubles with
 * them. A specification keeps every constant of the file exactly; proofs use it rounded so that the
 * region they exclude can only grow, witnesses are checked against the exact value.
 */
final class Decimals {
    /** The largest finite double, exactly. */
    static final BigDecimal MAX = new BigDecimal(Double.MAX_VALUE);
    /** Below 10^-400 every value lies between 0 and the least subnormal (4.9e-324). */
    private static final int TINY_MAGNITUDE = -400;

    private Decimals() {
    }

    /** The least double {@code >= v}; {@code v} must lie within the finite double range. */
    static double up(BigDecimal v) {
        double d = nearest(v);
        while (compare(d, v) < 0) {
            d = Math.nextUp(d);
        }
        return d + 0.0; // -0.0 becomes 0.0
    }

    /** The greatest double {@code <= v}; {@code v} must lie within the finite double range. */
    static double down(BigDecimal v) {
        double d = nearest(v);
        while (compare(d, v) > 0) {
            d = Math.nextDown(d);
        }
        return d + 0.0;
    }

    /** The sign of {@code d - v}, exactly; {@code d} must be finite. */
    static int compare(double d, BigDecimal v) {
        return d == 0 ? -v.signum() : new BigDecimal(d).compareTo(v);
    }

    /** The exact value of every double of the array. */
    static BigDecimal[] exact(double[] values) {
        BigDecimal[] r = new BigDecimal[values.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = new BigDecimal(values[i]);
        }
        return r;
    }

    /** A double next to v (the JDK's rounding); values far below the subnormals skip the conversion. */
    private static double nearest(BigDecimal v) {
        if (v.signum() == 0 || (long) v.precision() - v.scale() < TINY_MAGNITUDE) {
            return 0;
        }
        return v.doubleValue();
    }
}
