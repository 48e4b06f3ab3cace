package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/**
 * Mul(a, b) of computed operands (normalisation turns a product with a constant into Affine): the
 * product rule, {@code G * b} to a and {@code G * a} to b, bilinear products of the upstream gradient
 * and a forward value (inputs broadcast to the output's shape are not supported).
 */
public final class MulGradient extends SmoothGradient {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        for (int i = 0; i < 2; i++) {
            if (builder.forward().isConstant(node.input(i))) {
                continue;
            }
            AddGradient.requireSameShape(node, i, builder);
            builder.contribute(node.input(i), builder.node("Mul", outputGradient, node.input(1 - i)));
        }
    }

    /** A constant factor's largest magnitude; a computed factor is unbounded over the whole input space. */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        for (int i = 0; i < 2; i++) {
            io.netverify.onnx.Tensor t = builder.forward().constant(node.input(i));
            if (t != null) {
                double m = 0;
                for (double d : t.backingArray()) {
                    m = Math.max(m, Math.abs(d));
                }
                return m;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
