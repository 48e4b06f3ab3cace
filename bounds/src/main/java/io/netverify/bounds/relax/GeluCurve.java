package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Gelu;
import io.netverify.onnx.ops.Sigmoid;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * GELU with the constants of a {@link Gelu.Form}: A x (1 + erf(s x)) or A x (1 + tanh(s (x + k x^3))),
 * A, s > 0 (or s x as x / c). Concave below -p, convex on [-p, p], concave above p (p = 1/s = c for the erf form, about
 * 1.4 for the tanh form), with its minimum at x0 (about -0.7518), where f' changes sign. p (tanh
 * form) and x0 are located by bisection on f'' and f' in float64. A scales f, f' and f'' alike, so
 * neither p nor x0 depends on it.
 */
final class GeluCurve extends Curve {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final DoubleUnaryOperator SIGMOID = new Sigmoid().function(null, List.of());

    private final DoubleUnaryOperator f;
    private final DoubleUnaryOperator df;
    private final DoubleUnaryOperator d2f;
    /**
     * A bound of the relative error of df: the sum of the absolute values of f''s two terms (they cancel
     * near the minimum) times 32 ulps, and times the growth of the argument's rounding error in the
     * exponential tail (e^(-z^2) and erf(z) are off by 2 z^2 ulps relatively when z is off by one ulp;
     * sigmoid(z) by |z| ulps).
     */
    private final DoubleUnaryOperator magnitude;
    private final double p;
    private final double x0;

    GeluCurve(Gelu.Form form) {
        this.f = form::apply;
        double a = form.factor();
        double s = form.scale();
        this.df = form::derivative;
        if (form.tanh()) {
            double k = form.cubic();
            // x sigmoid(z) times 2A, z = 2 s (x + k x^3): f' = 2A (sigmoid(z) + x sigmoid'(z) z') (its two
            // terms for the error bound) and f'' = 2A (2 sigmoid'(z) z' + x (sigmoid''(z) z'^2 + sigmoid'(z) z''))
            DoubleUnaryOperator second = x -> {
                double z = 2 * s * (x + k * x * x * x);
                double ds = SIGMOID.applyAsDouble(z) * SIGMOID.applyAsDouble(-z);
                return 2 * a * x * ds * 2 * s * (1 + 3 * k * x * x);
            };
            DoubleUnaryOperator first = x -> 2 * a * SIGMOID.applyAsDouble(2 * s * (x + k * x * x * x));
            this.magnitude = x -> (Math.abs(first.applyAsDouble(x)) + Math.abs(second.applyAsDouble(x)))
                * (1 + Math.abs(2 * s * (x + k * x * x * x)));
            this.d2f = x -> {
                double z = 2 * s * (x + k * x * x * x);
                double sg = SIGMOID.applyAsDouble(z);
                double sn = SIGMOID.applyAsDouble(-z);
                double ds = sg * sn;
                double dz = 2 * s * (1 + 3 * k * x * x);
                return 2 * a * (2 * ds * dz + x * (ds * (sn - sg) * dz * dz + ds * 12 * s * k * x));
            };
            if (!(d2f.applyAsDouble(1) > 0 && d2f.applyAsDouble(2) < 0)) {
                throw new NoRelaxationException("tanh GELU with scale " + s + " and cubic " + k
                    + " has no inflection point in [1, 2]; no relaxation for these constants");
            }
            this.p = root(d2f, 2, 1);
        } else {
            // f' = A (1 + erf(s x)) + A x (2 s / sqrt pi) e^(-(s x)^2) (its two terms for the error
            // bound, the first as f / x); f'' = A (2 s / sqrt pi) e^(-(s x)^2) (2 - 2 (s x)^2)
            DoubleUnaryOperator cdf = x -> Math.abs(x) < 1e-150 ? a : f.applyAsDouble(x) / x;
            DoubleUnaryOperator density = x -> {
                double sx = s * x;
                return a * x * TWO_OVER_SQRT_PI * s * Math.exp(-sx * sx);
            };
            this.d2f = x -> {
                double sx = s * x;
                return a * TWO_OVER_SQRT_PI * s * Math.exp(-sx * sx) * (2 - 2 * sx * sx);
            };
            this.magnitude = x -> (Math.abs(cdf.applyAsDouble(x)) + Math.abs(density.applyAsDouble(x)))
                * (1 + 2 * (s * x) * (s * x));
            this.p = form.divisor() != 0 ? form.divisor() : 1 / s;
        }
        this.x0 = root(df, -p, 0);
    }

    /** The root of g between a (g < 0) and b (g > 0), by bisection to the last bit. */
    private static double root(DoubleUnaryOperator g, double a, double b) {
        for (int k = 0; k < 200; k++) {
            double mid = a + (b - a) / 2;
            if (mid == a || mid == b) {
                break;
            }
            if (g.applyAsDouble(mid) < 0) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return a + (b - a) / 2;
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
    double slopeError(double x) {
        return 0x1p-48 * magnitude.applyAsDouble(x) + 4 * Double.MIN_NORMAL;
    }

    @Override
    int curvature(double x) {
        double a = Math.abs(x);
        return a < p ? 1 : a > p ? -1 : 0;
    }

    @Override
    double[] inflections(double l, double u) {
        boolean left = l < -p && -p < u;
        boolean right = l < p && p < u;
        return left && right ? new double[] {-p, p} : left ? new double[] {-p} : right ? new double[] {p} : NONE;
    }

    @Override
    double[] criticalPoints(double l, double u) {
        return l <= x0 && x0 <= u ? new double[] {x0} : NONE;
    }
}
