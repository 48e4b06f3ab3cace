package io.netverify.onnx.ops;

/**
 * Project operator ErfGrad(z, g): {@code g * 2/sqrt(pi) e^(-z^2)}, the upstream gradient g passed back
 * through an Erf whose input is z. Built by the Jacobian graph.
 */
public final class ErfGrad extends ElementwiseBinary implements Operator {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    @Override
    public double apply(double z, double g) {
        return g * derivative(z);
    }

    /**
     * erf'(z) = 2/sqrt(pi) e^(-z^2), with z^2 split exactly into two doubles so that its rounding
     * (relative 2^-53, amplified z^2 times by the exponential) does not reach the result: within a
     * few ulps everywhere.
     */
    public static double derivative(double z) {
        double hi = z * z;
        double lo = Math.fma(z, z, -hi);
        // e^(-lo) = 1 - lo to double precision (|lo| <= ulp(hi) / 2)
        return TWO_OVER_SQRT_PI * (Math.exp(-hi) * (1 - lo));
    }
}
