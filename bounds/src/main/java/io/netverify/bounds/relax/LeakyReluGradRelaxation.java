package io.netverify.bounds.relax;

import io.netverify.onnx.Node;

/** LeakyReluGrad(z, g): see {@link SlopeProductRelaxation}, with the node's alpha below zero. */
public final class LeakyReluGradRelaxation extends SlopeProductRelaxation {
    @Override
    protected double negativeSlope(Node node) {
        return node.attributes().getFloat("alpha", 0.01);
    }
}
