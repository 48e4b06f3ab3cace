package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

/** {@code ReduceMax} over the node's axes (see {@link Candidates#reduction}, {@link ExtremumRelaxation}). */
public final class ReduceMaxRelaxation extends ExtremumRelaxation {
    @Override
    protected Candidates candidates(Node node, Graph graph) {
        return Candidates.reduction(node, graph);
    }

    @Override
    protected boolean minimum() {
        return false;
    }
}
