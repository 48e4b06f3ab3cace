package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.ops.Gelu;
import io.netverify.onnx.ops.Sigmoid;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * GELU, x Phi(x) or its tanh approximation: concave below -p, convex on [-p, p], concave above p
 * (p = sqrt 2 for the erf form, about 1.4 for the tanh form), with its minimum at x0 (about
 * -0.7518), where f' changes sign. p and x0 are located by bisection on f'' and f' in float64.
 */
final class GeluCurve extends Curve {
    private static final double SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
    private static final double C = Math.sqrt(2 / Math.PI);
    private static final double K = 0.044715;
    private static final DoubleUnaryOperator SIGMOID = new Sigmoid().function(null, List.of());

    private final DoubleUnaryOperator f;
    private final DoubleUnaryOperator df;
    /** The sum of the absolute values of f''s two terms, which bounds the cancellation error of df. */
    private final DoubleUnaryOperator magnitude;
    private final double p;
    private final double x0;

    private GeluCurve(DoubleUnaryOperator f, DoubleUnaryOperator df, DoubleUnaryOperator magnitude, double p) {
        this.f = f;
        this.df = df;
        this.magnitude = magnitude;
        this.p = p;
        this.x0 = root(df, -p, 0);
    }

    /** x Phi(x), the evaluator's erf form; f' = Phi + x phi with Phi = f / x (accurate where f is), f'' = phi (2 - x^2). */
    static GeluCurve exact() {
        DoubleUnaryOperator f = evaluator("none");
        DoubleUnaryOperator cdf = x -> Math.abs(x) < 1e-150 ? 0.5 : f.applyAsDouble(x) / x;
        DoubleUnaryOperator xPhi = x -> x * (Gaussian.expMinusHalfSquare(x) / SQRT_TWO_PI);
        return new GeluCurve(f, x -> cdf.applyAsDouble(x) + xPhi.applyAsDouble(x),
            x -> Math.abs(cdf.applyAsDouble(x)) + Math.abs(xPhi.applyAsDouble(x)), Math.sqrt(2));
    }

    /**
     * x sigmoid(z), z = 2 sqrt(2/pi) (x + K x^3): f' = sigmoid(z) + x sigmoid'(z) z' and
     * f'' = 2 sigmoid'(z) z' + x (sigmoid''(z) z'^2 + sigmoid'(z) z'').
     */
    static GeluCurve tanh() {
        DoubleUnaryOperator second = x -> {
            double z = 2 * C * (x + K * x * x * x);
            double ds = SIGMOID.applyAsDouble(z) * SIGMOID.applyAsDouble(-z);
            return x * ds * 2 * C * (1 + 3 * K * x * x);
        };
        DoubleUnaryOperator df = x -> SIGMOID.applyAsDouble(2 * C * (x + K * x * x * x)) + second.applyAsDouble(x);
        DoubleUnaryOperator magnitude = x -> SIGMOID.applyAsDouble(2 * C * (x + K * x * x * x))
            + Math.abs(second.applyAsDouble(x));
        DoubleUnaryOperator d2f = x -> {
            double z = 2 * C * (x + K * x * x * x);
            double s = SIGMOID.applyAsDouble(z);
            double sn = SIGMOID.applyAsDouble(-z);
            double ds = s * sn;
            double dz = 2 * C * (1 + 3 * K * x * x);
            return 2 * ds * dz + x * (ds * (sn - s) * dz * dz + ds * 12 * C * K * x);
        };
        return new GeluCurve(evaluator("tanh"), df, magnitude, root(d2f, 2, 1));
    }

    private static DoubleUnaryOperator evaluator(String approximate) {
        Node n = new Node("gelu", "Gelu", List.of("x"), List.of("y"), Attributes.EMPTY.with("approximate", approximate));
        return new Gelu().function(n, List.of());
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

    /** df adds two terms that cancel near the minimum: its error is relative to their magnitudes. */
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
