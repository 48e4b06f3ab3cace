package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Affine;

/**
 * Affine(x, scale, shift): the gradient of x is {@code G * scale}, an Affine node with shift 0; where
 * the node divides by the scalar of its {@link Affine#DIVISOR} attribute instead, {@code G / divisor},
 * divided as the forward node divides.
 */
public final class AffineGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.requireConstant(node, 1);
        String zero = builder.constant(Tensor.scalar(0));
        double divisor = divisor(node);
        Attributes attributes = divisor != 0 ? Attributes.EMPTY.with(Affine.DIVISOR, divisor) : Attributes.EMPTY;
        builder.contribute(node.input(0), builder.node("Affine", attributes, outputGradient, node.input(1), zero));
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        double divisor = divisor(node);
        if (divisor != 0) {
            // 1 / |divisor| rounded up: the quotient G / divisor is within half an ulp of it
            return Math.nextUp(1 / Math.abs(divisor));
        }
        double[] s = builder.requireConstant(node, 1).backingArray();
        double m = 0;
        for (double v : s) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double divisor(Node node) {
        return node.attributes().getFloat(Affine.DIVISOR, 0);
    }
}
