package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * Base of the structural operators (Reshape, Transpose, Concat, Slice, Gather, Pad, ...): every
 * output element is a copy of an input element or a constant, as the node's {@link CopyMap} says.
 * IBP gathers the bounds, the backward step scatter-adds coefficients; both are exact.
 */
public abstract class CopyRelaxation implements Relaxation {
    private final NodeCache<CopyMap> maps = new NodeCache<>();

    /** Whether input i carries copied data (and may be non-constant); by default only input 0. */
    protected boolean isDataInput(Node node, int i) {
        return i == 0;
    }

    private CopyMap map(Node node, Graph graph) {
        return maps.get(graph, node, () -> CopyMap.of(node, graph, i -> isDataInput(node, i)));
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        return map(node, graph).interval(inputs);
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        map(node, step.graph()).backward(node, step);
    }
}
