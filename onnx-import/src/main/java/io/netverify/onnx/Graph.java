package io.netverify.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable computation graph: inputs, nodes in topological order, constant tensors
 * (initializers and folded constants) and the type and static shape of every value.
 */
public final class Graph {
    private final String name;
    private final long opset;
    private final List<ValueInfo> inputs;
    private final List<String> outputs;
    private final List<Node> nodes;
    private final Map<String, Tensor> constants;
    private final Map<String, ValueInfo> values;
    private volatile Index index;

    /**
     * A graph from its parts (copied; the shapes in {@code values} are not checked here).
     *
     * @param name      the graph's name, for messages
     * @param opset     the default-domain opset
     * @param inputs    the computed inputs, in order
     * @param outputs   the names of the output values, in order
     * @param nodes     the nodes in topological order
     * @param constants the constant tensors by value name
     * @param values    the type and static shape of every value
     */
    public Graph(String name, long opset, List<ValueInfo> inputs, List<String> outputs, List<Node> nodes,
                 Map<String, Tensor> constants, Map<String, ValueInfo> values) {
        this.name = name;
        this.opset = opset;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = List.copyOf(nodes);
        this.constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The graph's name.
     *
     * @return the name, for messages
     */
    public String name() {
        return name;
    }

    /**
     * The default-domain opset the model was exported with.
     *
     * @return the opset version
     */
    public long opset() {
        return opset;
    }

    /**
     * The computed inputs (constants are not inputs).
     *
     * @return their names, types and shapes, in order
     */
    public List<ValueInfo> inputs() {
        return inputs;
    }

    /**
     * The outputs.
     *
     * @return the names of the output values, in order
     */
    public List<String> outputs() {
        return outputs;
    }

    /**
     * The nodes.
     *
     * @return every node, in topological order
     */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * The constant tensors: initializers and folded constants.
     *
     * @return the tensors by value name
     */
    public Map<String, Tensor> constants() {
        return constants;
    }

    /**
     * This graph with constant {@code name} (a weight, say) replaced by {@code value} of the same type
     * and shape. Graphs are snapshots: what analyses derived from this one and keep per graph (weight
     * copies, rounding magnitudes) is not reused for the new one, and this one keeps its value.
     *
     * @param name the constant's name
     * @param value its new value, of the same type and shape
     * @return the new graph
     */
    public Graph withConstant(String name, Tensor value) {
        Tensor old = constants.get(name);
        if (old == null) {
            throw new IllegalArgumentException("graph " + this.name + " has no constant '" + name + "'");
        }
        if (old.type() != value.type() || !old.shape().equals(value.shape())) {
            throw new IllegalArgumentException("constant '" + name + "' is " + old.type() + " " + old.shape()
                + ", not " + value.type() + " " + value.shape());
        }
        Map<String, Tensor> next = new LinkedHashMap<>(constants);
        next.put(name, value);
        return new Graph(this.name, opset, inputs, outputs, nodes, next, values);
    }

    /**
     * Whether a value is a constant tensor.
     *
     * @param value a value name
     * @return true for initializers and folded constants
     */
    public boolean isConstant(String value) {
        return constants.containsKey(value);
    }

    /**
     * A constant tensor.
     *
     * @param value a value name
     * @return its tensor, or null when the value is not constant
     */
    public Tensor constant(String value) {
        return constants.get(value);
    }

    /**
     * Type and shape of any value (input, constant or node output).
     *
     * @param value a value name
     * @return its type and static shape
     * @throws IllegalArgumentException if the graph has no such value
     */
    public ValueInfo info(String value) {
        ValueInfo v = values.get(value);
        if (v == null) {
            throw new IllegalArgumentException("unknown value '" + value + "' in graph " + name);
        }
        return v;
    }

    /**
     * The static shape of any value.
     *
     * @param value a value name
     * @return its shape
     * @throws IllegalArgumentException if the graph has no such value
     */
    public Shape shape(String value) {
        return info(value).shape();
    }

    /**
     * Every value's type and shape.
     *
     * @return the infos by value name
     */
    public Map<String, ValueInfo> values() {
        return values;
    }

    /**
     * The values that are not constants.
     *
     * @return the graph's inputs, then every node's outputs, in the (topological) order of the nodes
     */
    public List<String> computedValues() {
        List<String> out = new ArrayList<>();
        inputs.forEach(in -> out.add(in.name()));
        nodes.forEach(n -> n.outputs().stream().filter(o -> !o.isEmpty()).forEach(out::add));
        return Collections.unmodifiableList(out);
    }

    /**
     * The node producing a value.
     *
     * @param value a value name
     * @return its producer, or null for inputs and constants
     */
    public Node producer(String value) {
        return index().producers.get(value);
    }

    /**
     * The nodes reading a value.
     *
     * @param value a value name
     * @return its readers, in graph order
     */
    public List<Node> consumers(String value) {
        return index().consumers.getOrDefault(value, List.of());
    }

    private Index index() {
        Index i = index;
        if (i == null) {
            i = new Index(nodes);
            index = i;
        }
        return i;
    }

    /** Producer and consumer maps, built on first use (benign race: both threads build the same). */
    private static final class Index {
        final Map<String, Node> producers = new HashMap<>();
        final Map<String, List<Node>> consumers = new HashMap<>();

        Index(List<Node> nodes) {
            for (Node n : nodes) {
                n.outputs().forEach(o -> producers.put(o, n));
                for (String in : new LinkedHashSet<>(n.inputs())) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
    }

    /**
     * The number of parameters.
     *
     * @return the number of elements of all floating-point constants
     */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : constants.values()) {
            if (t.type().isFloating()) {
                n += t.size();
            }
        }
        return n;
    }
}
