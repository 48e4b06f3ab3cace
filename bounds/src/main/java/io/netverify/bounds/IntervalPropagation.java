package io.netverify.bounds;

import io.netverify.bounds.relax.OutwardRounding;
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

    /** Intervals of every value of the graph, given an interval of each of its inputs (by input name). */
    public static Map<String, Interval> run(Graph graph, Map<String, Interval> inputs) {
        return run(graph, inputs, (value, interval, bounds) -> interval);
    }

    /** IBP where each node output passes through {@code refinement} before downstream nodes read it. */
    static Map<String, Interval> run(Graph graph, Interval input, Refinement refinement) {
        return run(graph, Map.of(graph.inputs().get(0).name(), input), refinement);
    }

    /** {@link #run(Graph, Interval, Refinement)} for a graph with several inputs, each in its interval. */
    static Map<String, Interval> run(Graph graph, Map<String, Interval> inputs, Refinement refinement) {
        Map<String, Interval> bounds = new HashMap<>(inputs);
        graph.constants().forEach((k, t) -> bounds.put(k, Interval.of(t)));
        for (Node n : graph.nodes()) {
            List<Interval> ins = new ArrayList<>(n.inputs().size());
            for (String in : n.inputs()) {
                ins.add(in.isEmpty() ? null : bounds.get(in));
            }
            List<Interval> outs = relaxation(n).interval(n, ins, graph);
            for (int k = 0; k < outs.size() && k < n.outputs().size(); k++) {
                String v = n.outputs().get(k);
                Interval out = OutwardRounding.sound(outs.get(k));
                bounds.put(v, out); // visible (and sound) while the refinement runs
                bounds.put(v, OutwardRounding.sound(refinement.refine(v, out, bounds)));
            }
        }
        return bounds;
    }

    /** A {@link Refinement} for many boxes at once: element b of each list belongs to box b. */
    @FunctionalInterface
    interface BatchRefinement {
        List<Interval> refine(String value, List<Interval> intervals, List<Map<String, Interval>> bounds);
    }

    /**
     * {@link #run(Graph, Interval, Refinement)} for many input boxes, node by node over all boxes
     * together (see {@link Relaxation#intervals}); element b of the result belongs to box b.
     */
    static List<Map<String, Interval>> run(Graph graph, List<Interval> inputs, BatchRefinement refinement) {
        Map<String, Interval> constants = new HashMap<>();
        graph.constants().forEach((k, t) -> constants.put(k, Interval.of(t)));
        List<Map<String, Interval>> bounds = new ArrayList<>(inputs.size());
        for (Interval input : inputs) {
            Map<String, Interval> b = new HashMap<>(constants);
            b.put(graph.inputs().get(0).name(), input);
            bounds.add(b);
        }
        if (inputs.isEmpty()) {
            return bounds;
        }
        for (Node n : graph.nodes()) {
            List<List<Interval>> ins = new ArrayList<>(inputs.size());
            for (Map<String, Interval> b : bounds) {
                List<Interval> mine = new ArrayList<>(n.inputs().size());
                for (String in : n.inputs()) {
                    mine.add(in.isEmpty() ? null : b.get(in));
                }
                ins.add(mine);
            }
            List<List<Interval>> outs = relaxation(n).intervals(n, ins, graph);
            for (int k = 0; k < outs.get(0).size() && k < n.outputs().size(); k++) {
                String v = n.outputs().get(k);
                List<Interval> vs = new ArrayList<>(inputs.size());
                for (int b = 0; b < bounds.size(); b++) {
                    vs.add(OutwardRounding.sound(outs.get(b).get(k)));
                    bounds.get(b).put(v, vs.get(b)); // visible (and sound) while the refinement runs
                }
                List<Interval> refined = refinement.refine(v, vs, bounds);
                for (int b = 0; b < bounds.size(); b++) {
                    bounds.get(b).put(v, OutwardRounding.sound(refined.get(b)));
                }
            }
        }
        return bounds;
    }

    static Relaxation relaxation(Node n) {
        return Relaxations.of(n);
    }
}
