package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** Exp(z): the gradient of z is {@code G * exp(z)}, a product with the node's own output; exp' is unbounded. */
public final class ExpGradient extends SmoothGradient {
    public ExpGradient() {
        super(Double.POSITIVE_INFINITY);
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.node("Mul", outputGradient, node.output()));
    }
}
