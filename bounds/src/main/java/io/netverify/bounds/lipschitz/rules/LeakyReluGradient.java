package io.netverify.bounds.lipschitz.rules;

import io.netverify.onnx.Node;

/** LeakyRelu(z): the gradient of z is LeakyReluGrad(z, G) with the same alpha; see {@link SlopeGradient}. */
public final class LeakyReluGradient extends SlopeGradient {
    @Override
    protected double negativeSlope(Node node) {
        return node.attributes().getFloat("alpha", 0.01);
    }
}
