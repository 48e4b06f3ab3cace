package io.netverify.bounds.lipschitz;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link GradientRule} sees while the Jacobian graph is built: the forward graph, and
 * methods to add gradient nodes and constants and to pass a gradient to an input.
 */
public final class JacobianBuilder {
    /** Prefix of the names of everything the builder adds. */
    static final String PREFIX = "grad/";
    private final Graph forward;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> constants = new LinkedHashMap<>();
    private final Map<String, List<String>> contributions = new LinkedHashMap<>();
    private final boolean closedAtZero;
    private int counter;

    JacobianBuilder(Graph forward, boolean closedAtZero) {
        this.forward = forward;
        this.closedAtZero = closedAtZero;
    }

    /**
     * Whether the derivative nodes of piecewise-linear activations take the slope of an input
     * interval's side when it touches 0 (attribute {@code closed_at_zero}; for branch and bound's
     * split domains) instead of the whole Clarke interval.
     */
    public boolean closedAtZero() {
        return closedAtZero;
    }

    public Graph forward() {
        return forward;
    }

    public Shape shape(String value) {
        return forward.shape(value);
    }

    /** The forward constant {@code value}, or an error naming the node when it is computed. */
    public Tensor requireConstant(Node node, int input) {
        Tensor t = forward.constant(node.input(input));
        if (t == null) {
            throw new IllegalArgumentException("Lipschitz bounds: input " + input + " of " + node.describe()
                + " must be a constant");
        }
        return t;
    }

    /** Adds a node with one output; returns the output's name. */
    public String node(String opType, Attributes attributes, String... inputs) {
        String out = PREFIX + opType + "_" + counter++;
        nodes.add(new Node(out, opType, List.of(inputs), List.of(out), attributes));
        return out;
    }

    public String node(String opType, String... inputs) {
        return node(opType, Attributes.EMPTY, inputs);
    }

    /** Adds a constant; returns its name. */
    public String constant(Tensor t) {
        String name = PREFIX + "const_" + counter++;
        constants.put(name, t);
        return name;
    }

    /** A View of {@code value} in {@code shape}. */
    public String view(String value, Shape shape) {
        long[] dims = new long[shape.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.dim(i);
        }
        return node("View", new Attributes(Map.of("shape", dims)), value);
    }

    /** Adds {@code gradient} to the gradient of forward value {@code value} (ignored for constants). */
    public void contribute(String value, String gradient) {
        if (!value.isEmpty() && !forward.isConstant(value)) {
            contributions.computeIfAbsent(value, k -> new ArrayList<>()).add(gradient);
        }
    }

    /** The gradient of {@code value}: the sum of its contributions, or null when it has none. */
    String gradient(String value) {
        List<String> parts = contributions.get(value);
        if (parts == null) {
            return null;
        }
        String sum = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            sum = node("Add", sum, parts.get(i));
        }
        return sum;
    }

    List<Node> nodes() {
        return nodes;
    }

    Map<String, Tensor> constants() {
        return constants;
    }
}
