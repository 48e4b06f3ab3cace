package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

/** {@code ReduceMin} over the node's axes (see {@link Candidates#reduction}, {@link ExtremumRelaxation}). */
public final class ReduceMinRelaxation extends ExtremumRelaxation {
    @Override
    protected Candidates candidates(Node node, Graph graph) {
        return Candidates.reduction(node, graph);
    }

    @Override
    protected boolean minimum() {
        return true;
    }
}
