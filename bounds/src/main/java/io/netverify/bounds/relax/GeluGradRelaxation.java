package io.netverify.bounds.relax;

import io.netverify.onnx.Node;
import io.netverify.onnx.ops.Gelu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GeluGrad(z, g) = f'(z) g for the GELU f of the node's constants ({@link Gelu#form}): see
 * {@link DerivativeProductRelaxation}. f'' < 0 outside [-p, p] and > 0 inside ({@link GeluCurve}), so
 * f' falls from 0 (at -inf) to its minimum at -p, rises to its maximum at p and falls to 2A: its
 * range over [l, u] is that of its values at the ends and at the inflection points inside, each
 * within the curve's error bound of f'. The band around f''s chord is used for the erf form only.
 */
public final class GeluGradRelaxation extends DerivativeProductRelaxation {
    /** One derivative per set of constants. */
    private static final Map<Gelu.Form, Derivative> CURVES = new ConcurrentHashMap<>();
    /** An upper bound of |e^(-t^2) (4 t^3 - 8 t)| over all t (2.7607, at t^2 = (7 - sqrt 33) / 4). */
    private static final double PEAK = 2.77;
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    @Override
    protected DerivativeCurve curve(Node node) {
        return derivative(node);
    }

    private static Derivative derivative(Node node) {
        return CURVES.computeIfAbsent(Gelu.form(node), Derivative::new);
    }

    /** A bound of |f'| over all inputs, for the GELU of {@code node}'s constants. */
    public static double largestDerivative(Node node) {
        double[] range = new double[2];
        paddedRange(derivative(node), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, range);
        return Math.nextUp(Math.max(-range[0], range[1]));
    }

    private static final class Derivative implements DerivativeCurve {
        private final GeluCurve curve;
        /** f'(+inf) = 2A (f'(-inf) = 0). */
        private final double limit;
        /**
         * Beyond +-far (40 p) f' is monotone (it is from +-p on) and equals its limits to double
         * precision; ends beyond it are evaluated there, where the curve's error bound stays small.
         */
        private final double far;
        private final double curvature;

        Derivative(Gelu.Form form) {
            this.curve = (GeluCurve) GeluRelaxation.curve(form);
            this.limit = 2 * form.factor();
            this.far = 40 * curve.inflections(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)[1];
            // erf form: f''' = A t'^2 (2/sqrt pi) e^(-t^2) (4 t^3 - 8 t), t = t' x; the tanh form's is not bounded here (no band)
            double slope = form.divisor() != 0 ? 1 / form.divisor() : form.scale();
            this.curvature = form.tanh() ? Double.POSITIVE_INFINITY
                : form.factor() * slope * slope * TWO_OVER_SQRT_PI * PEAK * (1 + 1e-12);
        }

        @Override
        public void derivativeRange(double l, double u, double[] out) {
            out[0] = Double.POSITIVE_INFINITY;
            out[1] = Double.NEGATIVE_INFINITY;
            include(Math.min(Math.max(l, -far), far), out);
            include(Math.min(Math.max(u, -far), far), out);
            for (double x : curve.inflections(l, u)) {
                include(x, out);
            }
            if (l < -far) {
                out[0] = Math.min(out[0], 0);
                out[1] = Math.max(out[1], 0);
            }
            if (u > far) {
                out[0] = Math.min(out[0], limit);
                out[1] = Math.max(out[1], limit);
            }
        }

        private void include(double x, double[] out) {
            double v = curve.df(x);
            double e = curve.slopeError(x);
            out[0] = Math.min(out[0], v - e);
            out[1] = Math.max(out[1], v + e);
        }

        @Override
        public double derivativeAt(double z) {
            return curve.df(z);
        }

        @Override
        public double derivativeError(double z, double value) {
            return curve.slopeError(z);
        }

        @Override
        public double curvatureBound(double l, double u) {
            return curvature;
        }
    }
}
