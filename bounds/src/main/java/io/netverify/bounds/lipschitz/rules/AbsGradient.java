package io.netverify.bounds.lipschitz.rules;

import io.netverify.onnx.Node;

/** Abs(z): the gradient of z is sign(z) G, LeakyReluGrad(z, G) with alpha -1 (Clarke interval [-1, 1] at 0); see {@link SlopeGradient}. */
public final class AbsGradient extends SlopeGradient {
    @Override
    protected double negativeSlope(Node node) {
        return -1;
    }
}
