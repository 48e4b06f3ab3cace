package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** Exp(z): the gradient of z is {@code G * exp(z)}, a product with the node's own output. */
public final class ExpGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.node("Mul", outputGradient, node.output()));
    }

    /** exp' is unbounded over the whole input space. */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public Derivative derivative() {
        return Derivative.SMOOTH;
    }
}
