package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * Base of linear operators with non-negative weights (sums, means, average pooling): the evaluator
 * is monotone in every data input, even in floating point, so it maps the lower bounds to the
 * lower bound and the upper bounds to the upper bound. Widened by the rounding bound of sums of
 * {@link #terms} terms, so the bounds also hold in real arithmetic.
 */
public abstract class MonotoneLinearRelaxation implements Relaxation {
    /** Whether input i is data (others, such as axes, must be constant); by default only input 0. */
    protected boolean isDataInput(Node node, int i) {
        return i == 0;
    }

    /** An upper bound of the number of rounded operations in any one output (terms, plus one for a division). */
    protected abstract long terms(Node node, Graph graph);

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        OperatorCalls.requireConstant(node, graph, i -> isDataInput(node, i));
        double[] lo = evaluate(node, graph, inputs, 0);
        double[] hi = evaluate(node, graph, inputs, 1);
        double[] magnitude = evaluate(node, graph, inputs, 2);
        return List.of(OutwardRounding.widen(lo, hi, magnitude, 2, terms(node, graph)));
    }

    /** The operator on the data inputs' lower bounds (0), upper bounds (1) or magnitudes (2); constant data by absolute value for 2. */
    private double[] evaluate(Node node, Graph graph, List<Interval> inputs, int which) {
        List<Tensor> args = OperatorCalls.inputs(node, graph, i -> which == 0 ? inputs.get(i).lower()
            : which == 1 ? inputs.get(i).upper() : OutwardRounding.magnitude(inputs.get(i)));
        if (which == 2) {
            for (int i = 0; i < args.size(); i++) {
                Tensor t = args.get(i);
                if (t != null && isDataInput(node, i) && graph.isConstant(node.input(i))) {
                    args.set(i, new Tensor(t.type(), t.shape(), OutwardRounding.magnitude(Interval.of(t))));
                }
            }
        }
        return OperatorCalls.evaluate(node, args).get(0).backingArray();
    }
}
