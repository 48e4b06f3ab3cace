package io.netverify.onnx.passes;

import io.netverify.onnx.Graph;

/** One normalisation rewrite of the graph IR; must preserve the graph's function exactly (up to rounding). */
public interface GraphPass {
    Graph apply(Graph graph, String source);
}
