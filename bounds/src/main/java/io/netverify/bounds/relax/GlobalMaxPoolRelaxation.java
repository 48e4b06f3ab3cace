package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

/** {@code GlobalMaxPool}: the maximum of each [n, c] plane of an input [N, C, D...] (see {@link ExtremumRelaxation}). */
public final class GlobalMaxPoolRelaxation extends ExtremumRelaxation {
    @Override
    protected Candidates candidates(Node node, Graph graph) {
        Shape x = graph.shape(node.input(0));
        int planes = x.dim(0) * x.dim(1);
        int plane = x.size() / planes;
        int[] group = new int[x.size()];
        for (int i = 0; i < group.length; i++) {
            group[i] = i / plane;
        }
        return Candidates.grouped(group, planes);
    }

    @Override
    protected boolean minimum() {
        return false;
    }
}
