package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

/** {@code GlobalAveragePool}: each output is the mean of one [n, c] plane. */
public final class GlobalAveragePoolRelaxation extends MonotoneLinearRelaxation {
    @Override
    protected long terms(Node node, Graph graph) {
        return planeSize(graph, node) + 1L;
    }

    private static int planeSize(Graph graph, Node node) {
        int planes = graph.shape(node.output()).size();
        return planes == 0 ? 0 : graph.shape(node.input(0)).size() / planes;
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        int n = step.inputShape(0).size();
        int m = step.outputShape(0).size();
        int plane = planeSize(step.graph(), node);
        for (int k = 0; k < step.rows(); k++) {
            for (int p = 0; p < m; p++) {
                double w = a[k * m + p] / plane;
                int base = k * n + p * plane;
                for (int j = 0; j < plane; j++) {
                    acc[base + j] += w;
                }
            }
        }
    }
}
