package io.netverify.onnx.passes;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns Flatten, Reshape, Squeeze and Unsqueeze into {@code View} nodes with their static output
 * shape, and collapses chains of views, so later stages see one kind of reshaping.
 */
public final class ViewNormalization implements GraphPass {
    private static final Set<String> VIEWS = Set.of("Flatten", "Reshape", "Squeeze", "Unsqueeze", "View");

    @Override
    public Graph apply(Graph graph, String source) {
        GraphEditor e = new GraphEditor(graph, source);
        boolean changed = false;
        for (Node n : graph.nodes()) {
            if (!VIEWS.contains(n.opType())) {
                continue;
            }
            String in = n.input(0);
            Node p = graph.producer(in);
            while (p != null && VIEWS.contains(p.opType())) {
                in = p.input(0);
                p = graph.producer(in);
            }
            if (n.opType().equals("View") && in.equals(n.input(0))) {
                continue;
            }
            if (graph.shape(in).equals(graph.shape(n.output())) && !graph.outputs().contains(n.output())) {
                e.alias(n.output(), in);
                e.replace(n);
                changed = true;
                continue;
            }
            long[] shape = Arrays.stream(graph.shape(n.output()).dims()).asLongStream().toArray();
            e.replace(n, new Node(n.name(), "View", List.of(in), List.of(n.output()),
                Attributes.EMPTY.with("shape", shape)));
            changed = true;
        }
        return changed ? e.build() : graph;
    }
}
