package io.netverify.bounds.lipschitz;

import io.netverify.onnx.Graph;
import io.netverify.onnx.GraphInference;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backward Jacobian graph of a network for an output weighting c: a graph of our own IR with
 * the network's input x whose output is the gradient {@code c^T J(x)} (flattened to the input's
 * size), built by the chain rule from the output back to the input, one {@link GradientRule} per
 * forward operator, after the forward nodes that compute the activations' inputs. Nodes whose inputs
 * are all constant (the gradient up to the last nonlinearity) are folded. Bound propagation over it
 * (intermediate bounds of the forward part, then CROWN over the gradient part) bounds every entry of
 * {@code c^T J(x)} over a box, for every element of the Clarke generalised Jacobian.
 */
public final class JacobianGraph {
    private JacobianGraph() {
    }

    /** The graph of {@code c^T J(x)}, one output of the input's size (flattened). */
    public static Graph gradient(Graph forward, double[] c) {
        JacobianBuilder b = chainRule(forward, c, false);
        String flat = b.view(b.gradient(inputName(forward)), Shape.of(inputSize(forward)));
        return build(forward, b, flat);
    }

    /** The graph of {@code ||c^T J(x)||_1}, one output of size 1: the l_inf-input Lipschitz function. */
    public static Graph l1Norm(Graph forward, double[] c) {
        return l1Norm(forward, c, false);
    }

    /**
     * {@link #l1Norm(Graph, double[])} for branch and bound over ReLU splits at 0: with
     * {@code closedAtZero}, a ReLU input interval touching 0 takes the derivative of its side (see
     * {@link JacobianBuilder#closedAtZero}); sound only when every such interval comes from a split
     * whose sibling domain is bounded too.
     */
    public static Graph l1Norm(Graph forward, double[] c, boolean closedAtZero) {
        JacobianBuilder b = chainRule(forward, c, closedAtZero);
        int n = inputSize(forward);
        String flat = b.view(b.gradient(inputName(forward)), Shape.of(n));
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        String sum = b.node("Linear", b.node("Abs", flat), b.constant(Tensor.of(Shape.of(1, n), ones)));
        return build(forward, b, sum);
    }

    /**
     * The naive bound: {@code ||c||} times the product of every operator's gain ({@link GradientRule#gain})
     * along the graph (summed over branches), a bound of the dual norm of {@code c^T J(x)} over the
     * whole input space. Rounded outward: every gain is a sum of at most as many non-negative terms as
     * the node has input and output elements (or a product of a few such), so its relative rounding
     * error is below that count times the unit roundoff; products and sums here round up.
     */
    public static double naive(Graph forward, double[] c, InputNorm norm) {
        check(forward, c);
        JacobianBuilder b = new JacobianBuilder(forward, false);
        Map<String, Double> gains = new HashMap<>();
        gains.put(forward.outputs().get(0), outward(norm.dual(c), c.length));
        List<Node> nodes = forward.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            double g = 0;
            boolean reached = false;
            for (String out : node.outputs()) {
                Double part = gains.get(out);
                if (part != null) {
                    g = Math.nextUp(g + part);
                    reached = true;
                }
            }
            if (!reached) {
                continue;
            }
            double through = outward(g * rule(node).gain(node, b, norm), elements(forward, node));
            for (String in : new java.util.LinkedHashSet<>(node.inputs())) {
                if (!in.isEmpty() && !forward.isConstant(in)) {
                    gains.merge(in, through, (x, y) -> Math.nextUp(x + y));
                }
            }
        }
        return gains.getOrDefault(inputName(forward), 0.0);
    }

    /** {@code v}, computed by sums of at most {@code terms} non-negative terms, raised past their rounding error. */
    private static double outward(double v, long terms) {
        return Math.nextUp(v * (1 + (terms + 2) * 0x1p-52));
    }

    private static long elements(Graph forward, Node node) {
        long n = 0;
        for (String v : node.inputs()) {
            n += v.isEmpty() ? 0 : forward.shape(v).size();
        }
        for (String v : node.outputs()) {
            n += v.isEmpty() ? 0 : forward.shape(v).size();
        }
        return n;
    }

    private static JacobianBuilder chainRule(Graph forward, double[] c, boolean closedAtZero) {
        check(forward, c);
        JacobianBuilder b = new JacobianBuilder(forward, closedAtZero);
        String y = forward.outputs().get(0);
        b.contribute(y, b.constant(Tensor.of(forward.shape(y), c.clone())));
        List<Node> nodes = forward.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            List<String> g = new ArrayList<>();
            for (String out : node.outputs()) {
                g.add(out.isEmpty() ? null : b.gradient(out));
            }
            if (g.stream().allMatch(java.util.Objects::isNull)) {
                continue;
            }
            if (g.size() == 1) {
                rule(node).backward(node, g.get(0), b);
            } else {
                rule(node).backward(node, g, b);
            }
        }
        if (b.gradient(inputName(forward)) == null) {
            throw new IllegalArgumentException("Lipschitz bounds: the output of " + forward.name()
                + " does not depend on its input");
        }
        return b;
    }

    private static GradientRule rule(Node node) {
        return GradientRules.find(node.opType()).orElseThrow(() -> new IllegalArgumentException(
            "Lipschitz bounds do not support " + node.describe() + " (no gradient rule)"));
    }

    private static Graph build(Graph forward, JacobianBuilder b, String output) {
        List<Node> nodes = new ArrayList<>(forward.nodes());
        nodes.addAll(b.nodes());
        Map<String, Tensor> constants = new LinkedHashMap<>(forward.constants());
        constants.putAll(b.constants());
        return GraphInference.build(forward.name(), forward.name() + "/jacobian", forward.opset(), forward.inputs(),
            List.of(output), nodes, constants);
    }

    private static void check(Graph forward, double[] c) {
        if (forward.inputs().size() != 1 || forward.outputs().size() != 1) {
            throw new IllegalArgumentException("Lipschitz bounds need one input and one output; " + forward.name()
                + " has " + forward.inputs().size() + " and " + forward.outputs().size());
        }
        int m = forward.shape(forward.outputs().get(0)).size();
        if (c.length != m) {
            throw new IllegalArgumentException("output weighting has " + c.length + " entries, the network "
                + m + " outputs");
        }
    }

    static String inputName(Graph g) {
        return g.inputs().get(0).name();
    }

    static int inputSize(Graph g) {
        return g.inputs().get(0).shape().size();
    }
}
