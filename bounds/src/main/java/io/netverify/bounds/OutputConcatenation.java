package io.netverify.bounds;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.GraphInference;
import io.netverify.onnx.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A graph with several outputs as one with a single output: each output flattened (View), then
 * joined (Concat), in the graph's output order. The function is unchanged; every bound method then
 * bounds linear functions of all outputs together, through the same backward pass.
 */
final class OutputConcatenation {
    private OutputConcatenation() {
    }

    /** The graph itself when it has one output, else the graph with its outputs joined into one. */
    static Graph of(Graph graph) {
        List<String> outputs = graph.outputs();
        if (outputs.size() == 1) {
            return graph;
        }
        String prefix = freePrefix(graph);
        List<Node> nodes = new ArrayList<>(graph.nodes());
        List<String> flat = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            if (graph.isConstant(outputs.get(i))) {
                throw new IllegalArgumentException("output " + outputs.get(i) + " is a constant; bound propagation needs computed outputs");
            }
            String v = prefix + "flat_" + i;
            long[] shape = {graph.shape(outputs.get(i)).size()};
            nodes.add(new Node(v, "View", List.of(outputs.get(i)), List.of(v), new Attributes(Map.of("shape", shape))));
            flat.add(v);
        }
        String joined = prefix + "joined";
        nodes.add(new Node(joined, "Concat", flat, List.of(joined), new Attributes(Map.of("axis", 0L))));
        return GraphInference.build(graph.name(), graph.name(), graph.opset(), graph.inputs(), List.of(joined), nodes,
            graph.constants());
    }

    /** A name prefix no value of the graph starts with. */
    private static String freePrefix(Graph graph) {
        String prefix = "outputs/";
        while (true) {
            String p = prefix;
            if (graph.values().keySet().stream().noneMatch(v -> v.startsWith(p))) {
                return p;
            }
            prefix = "_" + prefix;
        }
    }
}
