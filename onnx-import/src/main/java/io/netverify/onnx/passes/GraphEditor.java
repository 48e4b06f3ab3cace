package io.netverify.onnx.passes;

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
 * A mutable copy of a graph for one rewriting pass: replace nodes, alias values, add constants,
 * then {@link #build()} re-infers shapes and drops whatever became dead.
 */
public final class GraphEditor {
    private final Graph graph;
    private final String source;
    private final List<Node> nodes;
    private final Map<String, Tensor> constants;
    private final Map<String, String> aliases = new HashMap<>();
    private List<String> outputs;
    private int fresh;

    public GraphEditor(Graph graph, String source) {
        this.graph = graph;
        this.source = source;
        this.nodes = new ArrayList<>(graph.nodes());
        this.constants = new LinkedHashMap<>(graph.constants());
        this.outputs = graph.outputs();
    }

    public Graph graph() {
        return graph;
    }

    /** Replaces a node of the original graph by others (possibly none). */
    public void replace(Node old, Node... replacement) {
        int i = indexOf(old);
        if (i < 0) {
            throw new IllegalStateException(old.describe() + " was already rewritten");
        }
        nodes.remove(i);
        nodes.addAll(i, List.of(replacement));
    }

    /** Appends nodes after every other node. */
    public void append(Node... added) {
        nodes.addAll(List.of(added));
    }

    /** Makes {@code values} the graph's outputs. */
    public void outputs(List<String> values) {
        outputs = List.copyOf(values);
    }

    /** Whether a node is still present (not yet rewritten in this pass). */
    public boolean contains(Node n) {
        return indexOf(n) >= 0;
    }

    /**
     * Where this very node is in the list (by identity: a record's field-by-field equals compares inputs and
     * outputs of every node before it, and its first call in a process builds its method handles).
     */
    private int indexOf(Node n) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == n) {
                return i;
            }
        }
        return -1;
    }

    /** Makes every reader of {@code value} read {@code replacement} instead. Not for graph outputs. */
    public void alias(String value, String replacement) {
        if (graph.outputs().contains(value)) {
            throw new IllegalArgumentException("cannot alias graph output " + value);
        }
        aliases.put(value, replacement);
    }

    /** Adds a constant under a fresh name derived from {@code hint}; returns the name. */
    public String constant(String hint, Tensor t) {
        String name;
        do {
            name = hint + "__nv" + fresh++;
        } while (constants.containsKey(name) || graph.values().containsKey(name));
        constants.put(name, t);
        return name;
    }

    /** A fresh value name for an intermediate result. */
    public String freshValue(String hint) {
        String name;
        do {
            name = hint + "__nv" + fresh++;
        } while (graph.values().containsKey(name));
        return name;
    }

    /** Whether a value is read by exactly one node and is not a graph output. */
    public boolean singleUse(String value) {
        return graph.consumers(value).size() == 1 && !graph.outputs().contains(value);
    }

    /** The constant value of a graph value, or null. */
    public Tensor constantOf(String value) {
        return value.isEmpty() ? null : constants.get(value);
    }

    public Shape shape(String value) {
        return graph.shape(value);
    }

    public Graph build() {
        List<Node> rewired = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            List<String> ins = n.inputs().stream().map(this::resolve).toList();
            rewired.add(ins.equals(n.inputs()) ? n : new Node(n.name(), n.opType(), ins, n.outputs(), n.attributes()));
        }
        return GraphInference.build(source, graph.name(), graph.opset(), graph.inputs(), outputs, rewired, constants);
    }

    private String resolve(String v) {
        String r = v;
        while (aliases.containsKey(r)) {
            r = aliases.get(r);
        }
        return r;
    }
}
