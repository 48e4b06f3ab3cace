package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

/** {@code Max} of one or more broadcast inputs, element-wise (see {@link ExtremumRelaxation}). */
public final class MaxRelaxation extends ExtremumRelaxation {
    @Override
    protected Candidates candidates(Node node, Graph graph) {
        return Candidates.elementwise(node, graph);
    }

    @Override
    protected boolean minimum() {
        return false;
    }
}
