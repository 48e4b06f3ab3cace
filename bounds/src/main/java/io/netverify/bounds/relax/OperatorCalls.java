package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;
import io.netverify.onnx.ops.Operator;
import io.netverify.onnx.ops.Operators;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Runs a node's evaluator operator on substituted inputs: the linear relaxations get their exact
 * semantics (attributes, opset forms) from the operator itself rather than re-implementing it.
 */
final class OperatorCalls {
    private OperatorCalls() {
    }

    private static Operator operator(Node node) {
        return Operators.find(node.opType())
            .orElseThrow(() -> new IllegalStateException("a relaxation without a registered operator: " + node.describe()));
    }

    static List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        return operator(node).evaluate(node, inputs);
    }

    /**
     * The node's inputs: omitted ones null, constants their value, and each non-constant input i the
     * array {@code values.apply(i)} in the input's shape (constant inputs are never passed to it).
     */
    static List<Tensor> inputs(Node node, Graph graph, IntFunction<double[]> values) {
        List<Tensor> r = new ArrayList<>(node.inputs().size());
        for (int i = 0; i < node.inputs().size(); i++) {
            String in = node.input(i);
            if (in.isEmpty()) {
                r.add(null);
            } else if (graph.isConstant(in)) {
                r.add(graph.constant(in));
            } else {
                ValueInfo info = graph.info(in);
                r.add(new Tensor(info.type(), info.shape(), values.apply(i)));
            }
        }
        return r;
    }

    /** The node's constant inputs; null for omitted and non-constant ones. */
    static List<Tensor> constants(Node node, Graph graph) {
        List<Tensor> r = new ArrayList<>(node.inputs().size());
        for (String in : node.inputs()) {
            r.add(in.isEmpty() ? null : graph.constant(in));
        }
        return r;
    }

    /** The output shapes {@code node} would have (e.g. a variant of a graph node with other attributes). */
    static List<Shape> inferShapes(Node node, Graph graph) {
        List<ValueInfo> infos = new ArrayList<>();
        List<Tensor> constants = new ArrayList<>();
        for (String in : node.inputs()) {
            infos.add(in.isEmpty() ? null : graph.info(in));
            constants.add(in.isEmpty() ? null : graph.constant(in));
        }
        return operator(node).infer(node, infos, constants).stream().map(ValueInfo::shape).toList();
    }

    /** Whether every input of the node but input 0 (its data) is omitted or constant. */
    static boolean parametersConstant(Node node, Graph graph) {
        return node.inputs().stream().skip(1).allMatch(in -> in.isEmpty() || graph.isConstant(in));
    }

    /** Fails unless every present input other than those {@code data} accepts is a constant. */
    static void requireConstant(Node node, Graph graph, IntPredicate data) {
        for (int i = 0; i < node.inputs().size(); i++) {
            String in = node.input(i);
            if (!in.isEmpty() && !data.test(i) && !graph.isConstant(in)) {
                throw new NoRelaxationException(node.describe() + ": input " + i + " ('" + in
                    + "') must be a constant for bound propagation");
            }
        }
    }
}
