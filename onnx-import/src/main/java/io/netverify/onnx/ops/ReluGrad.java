package io.netverify.onnx.ops;

/**
 * Project operator ReluGrad(z, g): {@code g * relu'(z)}, the upstream gradient g passed back
 * through a ReLU whose input is z; at the kink z = 0 the derivative 0 is taken (any value in the
 * Clarke interval [0, 1] is valid; bounds cover all of them). Built by the Jacobian graph
 * (io.netverify.bounds.lipschitz), not read from ONNX.
 */
public final class ReluGrad extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double z, double g) {
        return z > 0 ? g : 0 * g;
    }
}
