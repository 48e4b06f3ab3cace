package io.netverify.bounds.lipschitz.rules;

import io.netverify.onnx.Node;

/** Relu(z): the gradient of z is ReluGrad(z, G); see {@link SlopeGradient}. */
public final class ReluGradient extends SlopeGradient {
    @Override
    protected double negativeSlope(Node node) {
        return 0;
    }
}
