package io.netverify.benchmarks.fuzz;

/** IEEE binary16 rounding (nearest, ties to even; subnormals; overflow to infinity), written for the tests. */
final class Half {
    private Half() {
    }

    /** The binary16 value nearest to v. */
    static double round(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        // quantum: 2^(e - 10) for normal numbers (e >= -14), 2^-24 below
        int e = Math.max(Math.getExponent(v), -14);
        double quantum = Math.scalb(1.0, e - 10);
        double r = Math.rint(v / quantum) * quantum;
        // the largest finite half is 65504; values from 65520 up round to infinity
        return Math.abs(r) > 65504 ? Math.copySign(Double.POSITIVE_INFINITY, v) : r;
    }

    /** The binary16 bit pattern of a value that {@link #round} returns. */
    static short bits(double h) {
        if (Double.isNaN(h)) {
            return (short) 0x7e00;
        }
        int sign = h < 0 || (h == 0 && 1 / h < 0) ? 0x8000 : 0;
        double a = Math.abs(h);
        if (Double.isInfinite(a)) {
            return (short) (sign | 0x7c00);
        }
        if (a < 0x1p-14) {
            return (short) (sign | (int) Math.round(a / 0x1p-24));
        }
        int e = Math.getExponent(a);
        int mantissa = (int) Math.round((a / Math.scalb(1.0, e) - 1) * 1024);
        return (short) (sign | (e + 15) << 10 | mantissa);
    }
}
