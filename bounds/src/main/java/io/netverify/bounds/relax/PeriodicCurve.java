package io.netverify.bounds.relax;

import java.util.function.DoubleUnaryOperator;

/**
 * sin or cos, written as sin(x + phase): inflection points where f = 0, extrema where f' = 0, both
 * every pi; f'' = -f gives the curvature. Over a full period (or at |x| so large that multiples of
 * pi are not known to the precision of x) only the range [-1, 1] and horizontal lines are used.
 */
final class PeriodicCurve extends Curve {
    /** Beyond this |x| the rounding of k pi could misplace an inflection point by more than is negligible. */
    private static final double LARGE = 1e9;

    private final DoubleUnaryOperator f;
    private final DoubleUnaryOperator df;
    /** f vanishes at (k + zeroShift) pi. */
    private final double zeroShift;

    /** {@code zeroShift}: 0 for sin (zeros at k pi), 0.5 for cos (zeros at (k + 1/2) pi). */
    PeriodicCurve(DoubleUnaryOperator f, DoubleUnaryOperator df, double zeroShift) {
        this.f = f;
        this.df = df;
        this.zeroShift = zeroShift;
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
        return -f(x);
    }

    @Override
    int curvature(double x) {
        return (int) -Math.signum(f(x));
    }

    @Override
    double[] inflections(double l, double u) {
        return wide(l, u) ? null : multiplesOfPi(l, u, zeroShift, false);
    }

    @Override
    double[] criticalPoints(double l, double u) {
        return multiplesOfPi(l, u, zeroShift + 0.5, true);
    }

    @Override
    double period() {
        return 2 * Math.PI;
    }

    @Override
    double lowest() {
        return -1;
    }

    @Override
    double highest() {
        return 1;
    }

    @Override
    void range(double l, double u, double[] out) {
        if (wide(l, u)) {
            out[0] = -1;
            out[1] = 1;
        } else {
            super.range(l, u, out);
        }
    }

    private static boolean wide(double l, double u) {
        return !(u - l < 2 * Math.PI) || Math.max(Math.abs(l), Math.abs(u)) > LARGE;
    }

    /** The points (k + shift) pi inside (l, u), or inside [l, u] when {@code closed}. */
    private static double[] multiplesOfPi(double l, double u, double shift, boolean closed) {
        double first = Math.ceil(l / Math.PI - shift) - 1;
        double[] pts = new double[4];
        int n = 0;
        for (double k = first; n < pts.length; k++) {
            double x = (k + shift) * Math.PI;
            if (x > u) {
                break;
            }
            if (closed ? x >= l && x <= u : x > l && x < u) {
                pts[n++] = x;
            }
        }
        return java.util.Arrays.copyOf(pts, n);
    }
}
