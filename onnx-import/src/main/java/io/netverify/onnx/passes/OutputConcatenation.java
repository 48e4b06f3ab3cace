package io.netverify.onnx.passes;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a graph with several outputs one with a single output: the concatenation of every output,
 * flattened, in graph order (how VNN-COMP tools number Y_0, Y_1, ...). Exact: it only moves values.
 * Every later stage (bounds, specifications, verdicts) then sees the network as one output vector.
 */
public final class OutputConcatenation implements GraphPass {
    @Override
    public Graph apply(Graph graph, String source) {
        if (graph.outputs().size() < 2) {
            return graph;
        }
        GraphEditor e = new GraphEditor(graph, source);
        List<String> flat = new ArrayList<>();
        for (String out : graph.outputs()) {
            String v = e.freshValue(out + "_flat");
            e.append(new Node(out + "_flatten", "View", List.of(out), List.of(v),
                Attributes.EMPTY.with("shape", new long[] {graph.shape(out).size()})));
            flat.add(v);
        }
        String all = e.freshValue("outputs");
        e.append(new Node("outputs_concat", "Concat", flat, List.of(all), Attributes.EMPTY.with("axis", 0L)));
        e.outputs(List.of(all));
        return e.build();
    }
}
