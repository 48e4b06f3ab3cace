package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;

import java.util.Map;

/** LeakyRelu(z): the gradient of z is LeakyReluGrad(z, G) with the same alpha. */
public final class LeakyReluGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        Attributes alpha = new Attributes(builder.closedAtZero() ? Map.of("alpha", alpha(node), "closed_at_zero", 1L)
            : Map.of("alpha", alpha(node)));
        builder.contribute(node.input(0), builder.node("LeakyReluGrad", alpha, node.input(0), outputGradient));
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return Math.max(1, Math.abs(alpha(node)));
    }

    private static double alpha(Node node) {
        return node.attributes().getFloat("alpha", 0.01);
    }

    @Override
    public Derivative derivative() {
        return Derivative.PIECEWISE_CONSTANT;
    }
}
