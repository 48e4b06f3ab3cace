package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * What a relaxation derives once per node of a graph (index maps, adjoint geometry), since CROWN
 * and alpha-CROWN run the same backward step many times. Keyed by the identity of the graph (held
 * weakly, so entries go with their graph) and of the node; values must not refer to the graph. A
 * graph is a snapshot (a changed weight makes a new graph, see {@link Graph#withConstant}), so an
 * entry never goes stale.
 */
final class NodeCache<T> {
    private final Map<Graph, Map<Node, T>> entries = new WeakHashMap<>();

    synchronized T get(Graph graph, Node node, Supplier<T> build) {
        return entries.computeIfAbsent(graph, g -> new IdentityHashMap<>()).computeIfAbsent(node, n -> build.get());
    }
}
