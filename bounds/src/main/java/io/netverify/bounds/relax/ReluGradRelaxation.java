package io.netverify.bounds.relax;

import io.netverify.onnx.Node;

/** ReluGrad(z, g) = g relu'(z): see {@link SlopeProductRelaxation}, with slope 0 below zero. */
public final class ReluGradRelaxation extends SlopeProductRelaxation {
    @Override
    protected double negativeSlope(Node node) {
        return 0;
    }
}
