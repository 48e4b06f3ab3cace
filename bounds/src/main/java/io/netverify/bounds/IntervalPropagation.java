package io.netverify.bounds;

import io.netverify.bounds.relax.Relaxation;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interval bound propagation (IBP): the interval of every value, node by node. */
public final class IntervalPropagation {
    private IntervalPropagation() {
    }

    /** Intervals of every value of the graph, given the interval of its (single) input. */
    public static Map<String, Interval> run(Graph graph, Interval input) {
        Map<String, Interval> bounds = new HashMap<>();
        bounds.put(graph.inputs().get(0).name(), input);
        graph.constants().forEach((k, t) -> bounds.put(k, Interval.of(t)));
        for (Node n : graph.nodes()) {
            List<Interval> ins = new ArrayList<>(n.inputs().size());
            for (String in : n.inputs()) {
                ins.add(in.isEmpty() ? null : bounds.get(in));
            }
            List<Interval> outs = relaxation(n).interval(n, ins, graph);
            for (int k = 0; k < outs.size() && k < n.outputs().size(); k++) {
                bounds.put(n.outputs().get(k), outs.get(k));
            }
        }
        return bounds;
    }

    static Relaxation relaxation(Node n) {
        return Relaxations.find(n.opType())
            .orElseThrow(() -> new UnsupportedOperationException("no bound relaxation for operator " + n.describe()));
    }
}
