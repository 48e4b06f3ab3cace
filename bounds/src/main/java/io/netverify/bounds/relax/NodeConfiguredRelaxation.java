package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * Base of element-wise relaxations whose function depends on the node (an attribute, a constant
 * input) or that must reject some input intervals. {@link #range} and {@link #lines} do not see the
 * node, so the instance found by lookup hands every node to one configured for it.
 *
 * <p>alpha-CROWN parameters are projected by the looked-up instance (see
 * {@link ElementwiseRelaxation#project}), so {@link #projectAlpha} must not depend on the
 * configuration.
 */
abstract class NodeConfiguredRelaxation extends ElementwiseRelaxation {
    /** This relaxation for the node: {@code this} when it already fits. */
    abstract ElementwiseRelaxation configure(Node node, Graph graph);

    @Override
    public ElementwiseRelaxation of(Node node, Graph graph) {
        return configure(node, graph);
    }

    /** Throws a {@link io.netverify.onnx.ModelException} naming the node when x is outside the function's domain. */
    void checkInput(Node node, Interval x) {
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        ElementwiseRelaxation r = configure(node, graph);
        if (r != this) {
            return r.interval(node, inputs, graph);
        }
        checkInput(node, inputs.get(0));
        return super.interval(node, inputs, graph);
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        ElementwiseRelaxation r = configure(node, step.graph());
        if (r != this) {
            r.backward(node, step);
            return;
        }
        checkInput(node, step.inputBounds(0));
        super.backward(node, step);
    }
}
