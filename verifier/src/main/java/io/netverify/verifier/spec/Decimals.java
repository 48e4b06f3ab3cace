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

    /** Powers of ten that doubles hold exactly. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** The least double {@code >= v}; {@code v} must lie within the finite double range. */
    static double up(BigDecimal v) {
        if (isShort(v)) {
            return shortRounded(v, true);
        }
        double d = nearest(v);
        while (compare(d, v) < 0) {
            d = Math.nextUp(d);
        }
        return d + 0.0; // -0.0 becomes 0.0
    }

    /** The greatest double {@code <= v}; {@code v} must lie within the finite double range. */
    static double down(BigDecimal v) {
        if (isShort(v)) {
            return shortRounded(v, false);
        }
        double d = nearest(v);
        while (compare(d, v) > 0) {
            d = Math.nextDown(d);
        }
        return d + 0.0;
    }

    /** Whether v is m / 10^s with |m| < 10^15 (so a double holds m) and 10^s a double: most literals. */
    private static boolean isShort(BigDecimal v) {
        return v.scale() >= 0 && v.scale() < POWERS_OF_TEN.length && v.precision() <= 15;
    }

    /**
     * m / 10^s rounded up or down, without big arithmetic: the quotient of two doubles is correctly
     * rounded, and its remainder {@code q * 10^s - m} is a double, which one fused multiply-add gives
     * exactly; its sign says on which side of v the quotient lies.
     */
    private static double shortRounded(BigDecimal v, boolean up) {
        double m = v.unscaledValue().longValue();
        double p = POWERS_OF_TEN[v.scale()];
        double q = m / p;
        double side = Math.fma(q, p, -m);
        if (up && side < 0) {
            q = Math.nextUp(q);
        } else if (!up && side > 0) {
            q = Math.nextDown(q);
        }
        return q + 0.0;
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
