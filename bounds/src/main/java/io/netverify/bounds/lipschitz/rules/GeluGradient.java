package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.bounds.relax.GeluGradRelaxation;
import io.netverify.onnx.Node;

/** Gelu(z): the gradient of z is GeluGrad(z, G) with the node's constants; the gain is the largest |GELU'|. */
public final class GeluGradient extends SmoothGradient {
    public GeluGradient() {
        super(Double.POSITIVE_INFINITY);
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.node("GeluGrad", node.attributes(), node.input(0), outputGradient));
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return GeluGradRelaxation.largestDerivative(node);
    }
}
