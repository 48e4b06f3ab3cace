package io.netverify.onnx.passes;

import io.netverify.onnx.Graph;

/** One normalisation rewrite of the graph IR; must preserve the graph's function exactly (up to rounding). */
public interface GraphPass {
    /**
     * Node attribute (a tensor that broadcasts to the node's output) on a Linear, Conv or Affine whose
     * bias a pass folded from others (e.g. {@code W t + b}): a bound of the sum of the absolute values
     * of the terms that were added, {@code |W| |t| + |b|}, through every fold. The folded bias is
     * rounded, and where those terms cancel its rounding error is not small next to the bias itself;
     * bound propagation counts this magnitude into the value's when it sizes rounding errors.
     */
    String FOLDED_MAGNITUDE = "netverify_folded_magnitude";

    Graph apply(Graph graph, String source);
}
