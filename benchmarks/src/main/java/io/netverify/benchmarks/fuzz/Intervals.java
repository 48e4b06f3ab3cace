package io.netverify.benchmarks.fuzz;

import java.util.function.DoubleUnaryOperator;

/**
 * Outward-rounded interval arithmetic on double endpoints for the reference evaluator. Sums and
 * products are exact ({@link ExactSum}) and rounded outward once. Library functions are padded by
 * their documented error: {@code Math.exp, log, sin, cos} are within 1 ulp of the exact result and
 * {@code Math.tanh} within 2.5 ulps (java.lang.Math javadoc), so {@code FN_STEPS} steps to the next
 * double on each side (two per ulp, as the spacing halves below a power of two) hold the exact value.
 */
final class Intervals {
    /** Steps of padding for a function within 1 ulp. */
    static final int ONE_ULP_STEPS = 2;
    /** Steps of padding for Math.tanh (2.5 ulps). */
    static final int TANH_STEPS = 6;

    private Intervals() {
    }

    static double down(double v, int steps) {
        if (Double.isNaN(v)) {
            return Double.NEGATIVE_INFINITY;
        }
        for (int i = 0; i < steps; i++) {
            v = Math.nextDown(v);
        }
        return v;
    }

    static double up(double v, int steps) {
        if (Double.isNaN(v)) {
            return Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < steps; i++) {
            v = Math.nextUp(v);
        }
        return v;
    }

    /** [lo, hi] of a*b over the two intervals, exact then rounded outward. */
    static double[] mul(double alo, double ahi, double blo, double bhi) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double a : new double[] {alo, ahi}) {
            for (double b : new double[] {blo, bhi}) {
                double p = a * b;
                double m = Math.abs(p);
                if (m < 0x1p1000 && m > 0x1p-900) {
                    // p + e is the exact product: p is a bound on the side where e has no part
                    double e = Math.fma(a, b, -p);
                    lo = Math.min(lo, e < 0 ? Math.nextDown(p) : p);
                    hi = Math.max(hi, e > 0 ? Math.nextUp(p) : p);
                } else {
                    ExactSum exact = new ExactSum().add(a, b);
                    lo = Math.min(lo, exact.down());
                    hi = Math.max(hi, exact.up());
                }
            }
        }
        return new double[] {lo, hi};
    }

    /** [lo, hi] of a/b; the whole line when b may be 0. */
    static double[] div(double alo, double ahi, double blo, double bhi) {
        if (!(blo > 0 || bhi < 0)) {
            return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double a : new double[] {alo, ahi}) {
            for (double b : new double[] {blo, bhi}) {
                double[] r = quotient(a, b);
                lo = Math.min(lo, r[0]);
                hi = Math.max(hi, r[1]);
            }
        }
        return new double[] {lo, hi};
    }

    /**
     * [lo, hi] of a/b for b != 0: in the normal range, the remainder {@code q b - a} (exact in a
     * fused multiply-add) tells on which side of the rounded quotient q the exact one lies.
     */
    private static double[] quotient(double a, double b) {
        double q = a / b;
        double m = Math.abs(q);
        if (a == 0) {
            return new double[] {0, 0};
        }
        if (m > 0x1p-900 && m < 0x1p900 && Math.abs(a) > 0x1p-900 && Math.abs(a) < 0x1p900 && Math.abs(b) < 0x1p900 && Math.abs(b) > 0x1p-900) {
            double rem = Math.fma(q, b, -a);
            if (rem == 0) {
                return new double[] {q, q};
            }
            // q - a/b = rem / b
            boolean above = (rem > 0) == (b > 0);
            return above ? new double[] {Math.nextDown(q), q} : new double[] {q, Math.nextUp(q)};
        }
        return new double[] {down(q, 1), up(q, 1)};
    }

    static double[] add(double alo, double ahi, double blo, double bhi) {
        return new double[] {new ExactSum().add(alo).add(blo).down(), new ExactSum().add(ahi).add(bhi).up()};
    }

    /** exp over [lo, hi]; exp(0) is exactly 1 whatever the library's error. */
    static double[] exp(double lo, double hi) {
        double l = lo == 0 ? 1 : down(Math.exp(lo), ONE_ULP_STEPS);
        double h = hi == 0 ? 1 : up(Math.exp(hi), ONE_ULP_STEPS);
        return new double[] {Math.max(0, l), h};
    }

    /** An increasing function f given by a library call within {@code steps} steps of the exact value. */
    static double[] increasing(DoubleUnaryOperator f, double lo, double hi, int steps) {
        return new double[] {down(f.applyAsDouble(lo), steps), up(f.applyAsDouble(hi), steps)};
    }

    /**
     * A function with |f'| <= lipschitz: its range over [lo, hi] lies within the endpoint values
     * widened by lipschitz * (hi - lo).
     */
    static double[] lipschitz(DoubleUnaryOperator f, double lo, double hi, double lipschitz, int steps) {
        double a = f.applyAsDouble(lo);
        double b = f.applyAsDouble(hi);
        double slack = up(lipschitz * up(hi - lo, 1), 1);
        if (lo == hi) {
            slack = 0;
        }
        return new double[] {down(Math.min(a, b) - slack, steps + 1), up(Math.max(a, b) + slack, steps + 1)};
    }
}
