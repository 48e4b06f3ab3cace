package io.netverify.benchmarks.fuzz;

import java.math.BigInteger;

/**
 * A sum of products of doubles, enclosed by two doubles at the end: the reference evaluator's
 * linear arithmetic.
 *
 * <p>Fast path (every product between 2^-900 and 2^1000 in magnitude, or exactly 0): each product
 * is split exactly into {@code p + e} with a fused multiply-add, and the parts are summed in
 * double-double (TwoSum), Ogita, Rump and Oishi's Dot2. When no split and no addition rounded, the
 * result is exact; otherwise it is within {@code u |s| + gamma_2n^2 sum |a_i b_i|} of the exact sum
 * (their Proposition 5.5), and twice that is added on each side.
 *
 * <p>Exact path (other magnitudes): every finite double is {@code m * 2^e} with {@code e >= -1074},
 * so every product of two is an integer multiple of {@code 2^-2148}; the sum is kept as that
 * integer (a BigInteger), exact for any number of terms. Infinite terms are tracked apart.
 */
final class ExactSum {
    private static final double U = 0x1p-53;
    private double[] as = new double[4];
    private double[] bs = new double[4];
    private int terms;
    /** The exact path's sum is {@code total * 2^scale}. */
    private int scale;
    private BigInteger total = BigInteger.ZERO;
    private boolean plusInfinity;
    private boolean minusInfinity;

    /** Adds {@code a * b} (0 * infinity counts as undefined: both infinities). */
    ExactSum add(double a, double b) {
        if (terms == as.length) {
            as = java.util.Arrays.copyOf(as, 2 * terms);
            bs = java.util.Arrays.copyOf(bs, 2 * terms);
        }
        as[terms] = a;
        bs[terms] = b;
        terms++;
        return this;
    }

    private boolean resolved;
    private double fastValue;
    private double fastError;
    private boolean fast;

    /** Sums the terms: by Dot2 when every product is in the fast range, else exactly. */
    private void resolve() {
        if (resolved) {
            return;
        }
        resolved = true;
        fast = true;
        for (int i = 0; i < terms && fast; i++) {
            double p = Math.abs(as[i] * bs[i]);
            fast = p == 0 ? (as[i] == 0 || bs[i] == 0) && Double.isFinite(as[i]) && Double.isFinite(bs[i])
                : p < 0x1p1000 && p > 0x1p-900;
        }
        if (!fast) {
            // the integers are taken relative to the least exponent of a product: shorter than 2^-2148 steps
            scale = Integer.MAX_VALUE;
            for (int i = 0; i < terms; i++) {
                if (as[i] != 0 && bs[i] != 0 && Double.isFinite(as[i]) && Double.isFinite(bs[i])) {
                    scale = Math.min(scale, exponent(as[i]) + exponent(bs[i]));
                }
            }
            for (int i = 0; i < terms; i++) {
                accumulate(as[i], bs[i]);
            }
            return;
        }
        double s = 0;
        double c = 0;
        double abs = 0;
        boolean exact = true;
        for (int i = 0; i < terms; i++) {
            double p = as[i] * bs[i];
            double e = Math.fma(as[i], bs[i], -p);
            double t = s + p;
            double z = t - s;
            double err = (s - (t - z)) + (p - z);
            s = t;
            c += err + e;
            exact &= e == 0 && err == 0;
            abs += Math.abs(p);
        }
        if (exact) {
            fastValue = s;
            fastError = 0;
            return;
        }
        fastValue = s + c;
        double n2 = 2.0 * terms;
        double gamma = n2 * U / (1 - n2 * U);
        fastError = 2 * (U * Math.abs(fastValue) + gamma * gamma * abs) + Double.MIN_VALUE;
    }

    private void accumulate(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            plusInfinity = minusInfinity = true;
        } else if (Double.isInfinite(a) || Double.isInfinite(b)) {
            if (a == 0 || b == 0) {
                plusInfinity = minusInfinity = true;
            } else if ((a > 0) == (b > 0)) {
                plusInfinity = true;
            } else {
                minusInfinity = true;
            }
        } else if (a != 0 && b != 0) {
            total = total.add(integer(a).multiply(integer(b)).shiftLeft(exponent(a) + exponent(b) - scale));
        }
    }

    ExactSum add(double a) {
        return add(a, 1.0);
    }

    /** The largest double at most the sum (-infinity when it is undefined or -infinite). */
    double down() {
        resolve();
        if (fast) {
            return fastError == 0 ? fastValue : Math.nextDown(fastValue - fastError);
        }
        if (minusInfinity) {
            return Double.NEGATIVE_INFINITY;
        }
        if (plusInfinity) {
            return Double.POSITIVE_INFINITY;
        }
        return round(false);
    }

    /** The smallest double at least the sum. */
    double up() {
        resolve();
        if (fast) {
            return fastError == 0 ? fastValue : Math.nextUp(fastValue + fastError);
        }
        if (plusInfinity) {
            return Double.POSITIVE_INFINITY;
        }
        if (minusInfinity) {
            return Double.NEGATIVE_INFINITY;
        }
        return round(true);
    }

    /** Directed rounding of total * 2^scale: truncate toward zero to 53 bits (or to the subnormal spacing), step out when inexact. */
    private double round(boolean up) {
        int sign = total.signum();
        if (sign == 0) {
            return 0.0;
        }
        BigInteger magnitude = total.abs();
        // keep at most 53 bits and never a quantum below 2^-1074 (the subnormal spacing)
        int drop = Math.max(magnitude.bitLength() - 53, -1074 - scale);
        BigInteger kept = magnitude.shiftRight(drop);
        boolean inexact = magnitude.getLowestSetBit() < drop;
        boolean outward = up == (sign > 0);
        if (inexact && outward) {
            kept = kept.add(BigInteger.ONE);
        }
        double value = Math.scalb(kept.doubleValue(), drop + scale);
        if (Double.isInfinite(value) && !outward) {
            value = Double.MAX_VALUE; // rounding toward zero from beyond the range gives the largest double
        }
        return sign > 0 ? value : -value;
    }

    /** The integer significand m of a finite nonzero double d = m * 2^exponent(d). */
    private static BigInteger integer(double d) {
        long bits = Double.doubleToRawLongBits(d);
        long fraction = bits & 0x000fffffffffffffL;
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long m = biased == 0 ? fraction : fraction | 0x0010000000000000L;
        return BigInteger.valueOf(d < 0 ? -m : m);
    }

    private static int exponent(double d) {
        int biased = (int) ((Double.doubleToRawLongBits(d) >>> 52) & 0x7ff);
        return (biased == 0 ? 1 : biased) - 1075;
    }
}
