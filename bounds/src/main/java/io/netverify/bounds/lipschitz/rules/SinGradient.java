package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** Sin(z): the gradient of z is {@code G * cos(z)}; |cos| <= 1. */
public final class SinGradient extends SmoothGradient {
    public SinGradient() {
        super(1);
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.node("Mul", outputGradient, builder.node("Cos", node.input(0))));
    }
}
