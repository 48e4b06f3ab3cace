package io.netverify.bounds.relax;

import io.netverify.onnx.ModelException;
import io.netverify.onnx.Node;
import io.netverify.onnx.ops.PowGrad;

/**
 * PowGrad(z, g) = k z^q g with q = p - 1 for the node's exponent p and coefficient k: see
 * {@link DerivativeProductRelaxation}. z^q is monotone on each side of 0; at 0 it is 0 (q > 0) or
 * unbounded (q < 0: the bounds are infinite where z's interval touches 0, as they must be). For a
 * non-integer p, z < 0 is outside the domain (the forward node's bounds refuse it): unbounded here.
 */
public final class PowGradRelaxation extends DerivativeProductRelaxation {
    @Override
    protected DerivativeCurve curve(Node node) {
        double p = PowGrad.exponent(node);
        double k = PowGrad.coefficient(node);
        if (!Double.isFinite(p) || !Double.isFinite(k)) {
            throw new ModelException(node.describe() + ": needs a finite exponent and coefficient, has " + p + " and " + k);
        }
        return new Power(p, k);
    }

    private record Power(double p, double k) implements DerivativeCurve {
        @Override
        public void derivativeRange(double l, double u, double[] out) {
            double q = p - 1;
            boolean integer = p == Math.rint(p);
            if (!integer && l < 0) {
                out[0] = Double.NEGATIVE_INFINITY;
                out[1] = Double.POSITIVE_INFINITY;
                return;
            }
            double a = derivativeAt(l);
            double b = derivativeAt(u);
            out[0] = Math.min(a, b);
            out[1] = Math.max(a, b);
            if (l <= 0 && u >= 0) {
                if (q > 0) {
                    out[0] = Math.min(out[0], 0);
                    out[1] = Math.max(out[1], 0);
                } else if (q < 0) {
                    // the pole: +inf from above; from below too for even q, -inf for odd q (also at -0.0)
                    boolean odd = integer && Math.abs(q % 2) == 1;
                    double up = k * Double.POSITIVE_INFINITY;
                    out[0] = odd ? Double.NEGATIVE_INFINITY : Math.min(out[0], up);
                    out[1] = odd ? Double.POSITIVE_INFINITY : Math.max(out[1], up);
                }
            }
            if (Double.isNaN(out[0]) || Double.isNaN(out[1])) {
                out[0] = Double.NEGATIVE_INFINITY;
                out[1] = Double.POSITIVE_INFINITY;
            }
        }

        @Override
        public double derivativeAt(double z) {
            return PowGrad.derivative(z, p, k);
        }

        /**
         * |k q (q - 1) z^(q - 2)|: largest at the end of [l, u] farthest from 0 for q >= 2, at the
         * nearest for q < 2 (unbounded where the interval touches 0); padded for the rounding of q (the
         * relative error of z^(q - 2) is about |r ln z|, r = p - 1 - q) and of the powers, and at
         * least the factor times the smallest normal number where the power
         * underflows (times a vast squared width it still matters).
         */
        @Override
        public double curvatureBound(double l, double u) {
            double q = p - 1;
            double c = Math.abs(k * q * (q - 1));
            if (c == 0) {
                return 0;
            }
            double e = q - 2;
            if (e < 0 && l <= 0 && u >= 0) {
                return Double.POSITIVE_INFINITY;
            }
            double m = Math.max(Math.pow(Math.abs(l), e), Math.pow(Math.abs(u), e));
            double pad = p == Math.rint(p) ? 1e-10
                : 1e-10 + 1e-12 * Math.abs(q) * Math.max(Math.abs(Math.log(Math.abs(l))), Math.abs(Math.log(Math.abs(u))));
            return Math.nextUp(c * Math.max(m, Double.MIN_NORMAL) * (1 + pad));
        }
    }
}
