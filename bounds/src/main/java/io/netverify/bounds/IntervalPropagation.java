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
        return run(graph, input, (value, interval, bounds) -> interval);
    }

    /** A hook that may tighten a value's interval as soon as it is computed, before its consumers use it. */
    @FunctionalInterface
    interface Refinement {
        Interval refine(String value, Interval interval, Map<String, Interval> bounds);
    }

    /** IBP where each node output passes through {@code refinement} before downstream nodes read it. */
    static Map<String, Interval> run(Graph graph, Interval input, Refinement refinement) {
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
                String v = n.outputs().get(k);
                bounds.put(v, outs.get(k)); // visible (and sound) while the refinement runs
                bounds.put(v, refinement.refine(v, outs.get(k), bounds));
            }
        }
        return bounds;
    }

    static Relaxation relaxation(Node n) {
        return Relaxations.find(n.opType())
            .orElseThrow(() -> new UnsupportedOperationException("no bound relaxation for operator " + n.describe()));
    }
}
