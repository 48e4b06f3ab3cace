package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

/** Affine(x, scale, shift): the gradient of x is {@code G * scale}, an Affine node with shift 0. */
public final class AffineGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.requireConstant(node, 1);
        String zero = builder.constant(Tensor.scalar(0));
        builder.contribute(node.input(0), builder.node("Affine", outputGradient, node.input(1), zero));
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        double[] s = builder.requireConstant(node, 1).backingArray();
        double m = 0;
        for (double v : s) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
