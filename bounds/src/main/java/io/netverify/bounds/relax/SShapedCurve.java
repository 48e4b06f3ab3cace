package io.netverify.bounds.relax;

import java.util.function.DoubleUnaryOperator;

/**
 * An increasing function that is convex below 0 and concave above (sigmoid, tanh, erf). Lines follow
 * CROWN: chord and midpoint tangent on one side of 0, and across 0 the tangent through the far end
 * point (or the chord where that is valid).
 */
final class SShapedCurve extends Curve {
    private static final double[] ZERO = {0};

    private final DoubleUnaryOperator f;
    private final DoubleUnaryOperator df;
    private final DoubleUnaryOperator d2f;
    private final double lowest;
    private final double highest;

    /** {@code lowest}, {@code highest}: the limits of f at -inf and +inf, which it never passes. */
    SShapedCurve(DoubleUnaryOperator f, DoubleUnaryOperator df, DoubleUnaryOperator d2f, double lowest, double highest) {
        this.f = f;
        this.df = df;
        this.d2f = d2f;
        this.lowest = lowest;
        this.highest = highest;
    }

    @Override
    double lowest() {
        return lowest;
    }

    @Override
    double highest() {
        return highest;
    }

    @Override
    double f(double x) {
        return f.applyAsDouble(x);
    }

    @Override
    double df(double x) {
        return df.applyAsDouble(x);
    }

    @Override
    double d2f(double x) {
        return d2f.applyAsDouble(x);
    }

    @Override
    int curvature(double x) {
        return x < 0 ? 1 : x > 0 ? -1 : 0;
    }

    @Override
    double[] inflections(double l, double u) {
        return l < 0 && u > 0 ? ZERO : NONE;
    }

    @Override
    boolean pivotsOnly() {
        return true;
    }
}
