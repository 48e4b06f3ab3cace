package io.netverify.onnx.ops;

/**
 * Project operator SigmoidGrad(z, g): {@code g * s(z) (1 - s(z))} with s the logistic sigmoid, the
 * upstream gradient g passed back through a Sigmoid whose input is z. Built by the Jacobian graph.
 */
public final class SigmoidGrad extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double z, double g) {
        return g * derivative(z);
    }

    /** s'(z) = s(z) (1 - s(z)), computed as e^-|z| / (1 + e^-|z|)^2 (no overflow for large |z|). */
    public static double derivative(double z) {
        double e = Math.exp(-Math.abs(z));
        double d = 1 + e;
        return e / (d * d);
    }
}
