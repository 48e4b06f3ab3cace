package io.netverify.bab.lp;

/**
 * Sums and products rounded down or up, emulated on Java's round-to-nearest: the exact error of a
 * rounded sum (Knuth's TwoSum) or product (fused multiply-add) tells on which side of the rounded
 * value the exact result lies, so the result is stepped one ulp only when that is needed. Results
 * near overflow or underflow, where the error terms are unreliable, are always stepped.
 */
final class DirectedRounding {
    /** Below this magnitude an error term may underflow. */
    private static final double TINY = 0x1p-960;

    private DirectedRounding() {
    }

    static double addDown(double a, double b) {
        double s = a + b;
        return sumError(a, b, s) >= 0 ? s : Math.nextDown(s);
    }

    static double addUp(double a, double b) {
        double s = a + b;
        return sumError(a, b, s) <= 0 ? s : Math.nextUp(s);
    }

    static double mulDown(double a, double b) {
        double p = a * b;
        return productError(a, b, p) >= 0 ? p : Math.nextDown(p);
    }

    static double mulUp(double a, double b) {
        double p = a * b;
        return productError(a, b, p) <= 0 ? p : Math.nextUp(p);
    }

    /** The exact (a + b) - s, or NaN (both steps taken) where it cannot be trusted. */
    private static double sumError(double a, double b, double s) {
        if (!Double.isFinite(s)) {
            return Double.isNaN(s) ? Double.NaN : -s; // overflow: the exact sum is finite, inside s
        }
        double bv = s - a;
        double av = s - bv;
        return (a - av) + (b - bv);
    }

    private static double productError(double a, double b, double p) {
        if (!Double.isFinite(p)) {
            return Double.isNaN(p) ? Double.NaN : -p;
        }
        if (Math.abs(p) < TINY) {
            return p == 0 && (a == 0 || b == 0) ? 0 : Double.NaN;
        }
        return Math.fma(a, b, -p);
    }
}
