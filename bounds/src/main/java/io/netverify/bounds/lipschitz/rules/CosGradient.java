package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** Cos(z): the gradient of z is {@code -(G * sin(z))}; |sin| <= 1. */
public final class CosGradient extends SmoothGradient {
    public CosGradient() {
        super(1);
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.node("Neg", builder.node("Mul", outputGradient, builder.node("Sin", node.input(0)))));
    }
}
