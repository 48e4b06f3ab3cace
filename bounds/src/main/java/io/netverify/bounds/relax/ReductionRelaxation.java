package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.ops.Broadcast;

/**
 * Base of ReduceSum and ReduceMean: every input element goes into one group (output element). The
 * groups are read off the operator's own shape inference with {@code keepdims=1} (every axis form
 * and noop_with_empty_axes included): the kept-dims result broadcasts back onto the input.
 */
public abstract class ReductionRelaxation extends MonotoneLinearRelaxation {
    private record Groups(int[] group, int count) {
    }

    private final NodeCache<Groups> groups = new NodeCache<>();

    /** True for the mean, false for the sum. */
    protected abstract boolean mean();

    private Groups groups(Node node, Graph graph) {
        return groups.get(graph, node, () -> {
            OperatorCalls.requireConstant(node, graph, i -> i == 0);
            Node kept = new Node(node.name(), node.opType(), node.inputs(), node.outputs(),
                node.attributes().with("keepdims", 1L));
            Shape keptShape = OperatorCalls.inferShapes(kept, graph).get(0);
            Shape in = graph.shape(node.input(0));
            int count = keptShape.size() == 0 ? 0 : in.size() / keptShape.size();
            return new Groups(Broadcast.indexMap(keptShape, in), count);
        });
    }

    @Override
    protected long terms(Node node, Graph graph) {
        return groups(node, graph).count() + 1L;
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Groups g = groups(node, step.graph());
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        int n = g.group().length;
        int m = step.outputShape(0).size();
        for (int k = 0; k < step.rows(); k++) {
            for (int j = 0; j < n; j++) {
                double ak = a[k * m + g.group()[j]];
                acc[k * n + j] += mean() ? ak / g.count() : ak;
            }
        }
    }
}
