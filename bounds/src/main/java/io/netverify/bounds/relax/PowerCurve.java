package io.netverify.bounds.relax;

import java.util.function.DoubleUnaryOperator;

/**
 * x^c for a constant c. For x > 0 it is convex when c > 1 or c < 0 and concave when 0 < c < 1; an
 * integer c extends it to x < 0, where (-1)^c flips the curvature (odd c >= 3: inflection at 0),
 * and an even c > 0 has its minimum at 0. Where x^c is NaN (x < 0, c not an integer) or unbounded
 * (x = 0, c < 0) there is nothing to bound.
 */
final class PowerCurve extends Curve {
    private static final double[] ZERO = {0};

    private final double c;
    private final DoubleUnaryOperator f;
    private final boolean integer;
    private final boolean odd;

    /** {@code f}: x^c exactly as the evaluator computes it. */
    PowerCurve(double c, DoubleUnaryOperator f) {
        this.c = c;
        this.f = f;
        this.integer = c == Math.rint(c) && !Double.isInfinite(c);
        this.odd = integer && Math.abs(c % 2) == 1;
    }

    @Override
    double f(double x) {
        return f.applyAsDouble(x);
    }

    @Override
    double df(double x) {
        return c == 0 ? 0 : c * Math.pow(x, c - 1);
    }

    @Override
    double d2f(double x) {
        return c == 0 || c == 1 ? 0 : c * (c - 1) * Math.pow(x, c - 2);
    }

    /** pow's underflow error is scaled by c. */
    @Override
    double slopeError(double x) {
        return 0x1p-48 * Math.abs(df(x)) + 4 * Double.MIN_NORMAL * Math.max(1, Math.abs(c));
    }

    @Override
    int curvature(double x) {
        int k = (int) Math.signum(c * (c - 1));
        // only odd c changes curvature at 0 (its inflection); x^2 is convex at 0 too
        return x < 0 && odd ? -k : x == 0 && odd ? 0 : k;
    }

    @Override
    double[] inflections(double l, double u) {
        return odd && c > 1 && l < 0 && u > 0 ? ZERO : NONE;
    }

    @Override
    double[] criticalPoints(double l, double u) {
        return integer && !odd && c > 0 && l <= 0 && u >= 0 ? ZERO : NONE;
    }

    /** x^c >= 0 except for odd c and x < 0 (Math.pow too). */
    @Override
    double lowest() {
        return odd ? Double.NEGATIVE_INFINITY : 0;
    }

    @Override
    String domainProblem(double l, double u) {
        String power = "x^" + (integer ? String.valueOf((long) c) : String.valueOf(c));
        if (Double.isNaN(c)) {
            return "but the exponent is NaN";
        }
        if (!integer && l < 0) {
            return "but " + power + " is undefined (NaN) for x < 0";
        }
        if (c < 0 && l <= 0 && u >= 0) {
            return "but " + power + " is unbounded at x = 0";
        }
        return null;
    }
}
