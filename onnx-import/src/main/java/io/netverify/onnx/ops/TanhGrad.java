package io.netverify.onnx.ops;

/**
 * Project operator TanhGrad(z, g): {@code g * (1 - tanh(z)^2)}, the upstream gradient g passed
 * back through a Tanh whose input is z. Built by the Jacobian graph.
 */
public final class TanhGrad extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double z, double g) {
        return g * derivative(z);
    }

    /** tanh'(z) = 1 - tanh(z)^2, computed as 4 e^-2|z| / (1 + e^-2|z|)^2 (accurate in the tails). */
    public static double derivative(double z) {
        double e = Math.exp(-2 * Math.abs(z));
        double d = 1 + e;
        return 4 * e / (d * d);
    }
}
