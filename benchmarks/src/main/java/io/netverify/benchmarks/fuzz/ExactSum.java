package io.netverify.benchmarks.fuzz;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A sum of products of doubles, enclosed by two doubles at the end: the reference evaluator's
 * linear arithmetic.
 *
 * <p>Fast path (every product between 2^-900 and 2^1000 in magnitude, or exactly 0): each product
 * is split exactly into {@code p + e} with a fused multiply-add and the parts are summed in
 * double-double (TwoSum): Ogita, Rump and Oishi's Dot2, whose result {@code s + c} is within
 * {@code gamma_n^2 sum |p_i|} of the exact sum (their Proposition 5.5; twice that is allowed). When
 * nothing rounded the sum is exact; when the allowance is far below the spacing of doubles at the
 * result, the result's neighbours enclose it. Otherwise, and for other magnitudes, the exact path:
 * every finite double is {@code m * 2^e}, so the sum is an integer multiple of {@code 2^scale}
 * ({@code scale} the least exponent of a product), kept as a BigInteger, exact for any number of
 * terms, and rounded outward once. Infinite terms are tracked apart.
 */
final class ExactSum {
    private static final double U = 0x1p-53;
    private double[] as = new double[4];
    private double[] bs = new double[4];
    private int terms;
    private boolean resolved;
    private double down;
    private double up;

    /** Adds {@code a * b} (0 * infinity counts as undefined: both infinities). */
    ExactSum add(double a, double b) {
        if (terms == as.length) {
            as = Arrays.copyOf(as, 2 * terms);
            bs = Arrays.copyOf(bs, 2 * terms);
        }
        as[terms] = a;
        bs[terms] = b;
        terms++;
        resolved = false;
        return this;
    }

    ExactSum add(double a) {
        return add(a, 1.0);
    }

    /** The largest double at most the sum (-infinity when it is undefined or -infinite). */
    double down() {
        resolve();
        return down;
    }

    /** The smallest double at least the sum (+infinity when it is undefined or +infinite). */
    double up() {
        resolve();
        return up;
    }

    private void resolve() {
        if (resolved) {
            return;
        }
        resolved = true;
        if (!fastPath()) {
            exactPath();
        }
    }

    /** Dot2; false when it cannot decide the enclosure. */
    private boolean fastPath() {
        for (int i = 0; i < terms; i++) {
            double p = Math.abs(as[i] * bs[i]);
            boolean ok = p == 0 ? (as[i] == 0 || bs[i] == 0) && Double.isFinite(as[i]) && Double.isFinite(bs[i])
                : p < 0x1p1000 && p > 0x1p-900;
            if (!ok) {
                return false;
            }
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
            down = s + 0.0;
            up = down;
            return true;
        }
        double res = s + c;
        double z = res - s;
        double r = (s - (res - z)) + (c - z); // res + r = s + c exactly
        double n2 = 2.0 * terms;
        double gamma = n2 * U / (1 - n2 * U);
        double allowance = 2 * gamma * gamma * abs;
        // the exact sum is res + r +- allowance, |r| at most half the spacing at res (which halves
        // below a power of two): within res's neighbours when the allowance is far below the spacing
        if (!(allowance < Math.ulp(res) / 16)) {
            return false;
        }
        down = r - allowance >= 0 ? res : Math.nextDown(res);
        up = r + allowance <= 0 ? res : Math.nextUp(res);
        return true;
    }

    private void exactPath() {
        boolean plusInfinity = false;
        boolean minusInfinity = false;
        int scale = Integer.MAX_VALUE;
        for (int i = 0; i < terms; i++) {
            double a = as[i];
            double b = bs[i];
            if (Double.isNaN(a) || Double.isNaN(b) || (Double.isInfinite(a) || Double.isInfinite(b)) && (a == 0 || b == 0)) {
                plusInfinity = minusInfinity = true;
            } else if (Double.isInfinite(a) || Double.isInfinite(b)) {
                if ((a > 0) == (b > 0)) {
                    plusInfinity = true;
                } else {
                    minusInfinity = true;
                }
            } else if (a != 0 && b != 0) {
                scale = Math.min(scale, exponent(a) + exponent(b));
            }
        }
        if (plusInfinity || minusInfinity) {
            down = minusInfinity ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            up = plusInfinity ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            return;
        }
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < terms; i++) {
            if (as[i] != 0 && bs[i] != 0) {
                total = total.add(integer(as[i]).multiply(integer(bs[i])).shiftLeft(exponent(as[i]) + exponent(bs[i]) - scale));
            }
        }
        down = round(total, scale, false);
        up = round(total, scale, true);
    }

    /** Directed rounding of total * 2^scale: truncate toward zero to 53 bits (or to the subnormal spacing), step out when inexact. */
    private static double round(BigInteger total, int scale, boolean up) {
        int sign = total.signum();
        if (sign == 0) {
            return 0.0;
        }
        BigInteger magnitude = total.abs();
        int drop = Math.max(magnitude.bitLength() - 53, -1074 - scale);
        BigInteger kept = magnitude.shiftRight(drop);
        boolean inexact = drop > 0 && magnitude.getLowestSetBit() < drop;
        boolean outward = up == (sign > 0);
        if (inexact && outward) {
            kept = kept.add(BigInteger.ONE);
        }
        double value = Math.scalb(kept.doubleValue(), drop + scale);
        if (Double.isInfinite(value) && !outward) {
            value = Double.MAX_VALUE; // rounding toward zero from beyond the range gives the largest double
        }
        return sign > 0 ? value : 0.0 - value;
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
