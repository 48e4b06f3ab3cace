package io.netverify.onnx.passes;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

/**
 * Removes nodes that compute the identity at inference: Identity, Dropout (when its mask output is
 * unused) and a Cast to a type that holds every value of its operand's type (the same type, or a
 * wider floating type). A cast that narrows (to FLOAT from DOUBLE, to FLOAT16 or BFLOAT16) rounds,
 * and stays.
 */
public final class IdentityRemoval implements GraphPass {
    @Override
    public Graph apply(Graph graph, String source) {
        GraphEditor e = new GraphEditor(graph, source);
        boolean changed = false;
        for (Node n : graph.nodes()) {
            if (isIdentity(graph, n) && !graph.outputs().contains(n.output())) {
                e.alias(n.output(), n.input(0));
                e.replace(n);
                changed = true;
            }
        }
        return changed ? e.build() : graph;
    }

    private static boolean isIdentity(Graph g, Node n) {
        return switch (n.opType()) {
            case "Identity" -> true;
            case "Dropout" -> n.outputs().size() < 2 || n.outputs().get(1).isEmpty() || g.consumers(n.outputs().get(1)).isEmpty()
                && !g.outputs().contains(n.outputs().get(1));
            case "Cast" -> {
                DataType to = DataType.fromOnnx((int) n.attributes().getInt("to", 0));
                yield to != null && to.holdsEvery(g.info(n.input(0)).type());
            }
            default -> false;
        };
    }
}
