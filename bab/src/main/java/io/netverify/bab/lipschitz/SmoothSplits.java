package io.netverify.bab.lipschitz;

import io.netverify.bounds.DomainBounder;
import io.netverify.bounds.Interval;
import io.netverify.bounds.Split;
import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.GradientRules;
import io.netverify.bounds.relax.ElementwiseRelaxation;
import io.netverify.bounds.relax.Relaxation;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Branching of the Lipschitz search on the inputs of smooth element-wise activations (sigmoid, tanh,
 * sine, GELU, ...): a split of a pre-activation's interval narrows both the activation's relaxation
 * in the forward part of the norm graph and its derivative's range in the gradient part. Neurons are
 * scored as in BaBSR: over the nonlinear nodes of the norm graph that read the pre-activation, the
 * |coefficient| the node's output got in the domain's last pass times the width of its output over
 * the neuron's interval with its other inputs pinned to a point (the part of the node's looseness a
 * split of the neuron can remove). The split point is the interval's midpoint. On such networks
 * the entries of the gradient are split too, at the kink of the norm's |.| (their sign), scored by
 * their |coefficient| times the looseness of |.|'s relaxation.
 */
final class SmoothSplits {
    /** Intervals narrower than this (relative to their magnitude, at least 1) are not split further. */
    private static final double MIN_WIDTH = 1e-7;
    private final Graph norm;
    /** Each smooth activation's input, with the nonlinear nodes of the norm graph that read it. */
    private final Map<String, List<Node>> readers = new LinkedHashMap<>();
    /** The element-wise nonlinearities of the norm graph's gradient part (the norm's |.|), by input. */
    private final Map<String, Node> kinks = new LinkedHashMap<>();

    SmoothSplits(Graph forward, Graph norm) {
        this.norm = norm;
        for (Node n : forward.nodes()) {
            GradientRule.Derivative d = GradientRules.find(n.opType()).orElseThrow().derivative();
            if (d == GradientRule.Derivative.SMOOTH && Relaxations.of(n) instanceof ElementwiseRelaxation) {
                readers.put(n.input(0), new ArrayList<>());
            }
        }
        Set<String> forwardNodes = new HashSet<>();
        forward.nodes().forEach(n -> forwardNodes.add(n.name()));
        for (Node n : norm.nodes()) {
            List<Node> r = n.inputs().stream().filter(readers::containsKey).findFirst().map(readers::get).orElse(null);
            if (r != null && Relaxations.of(n).needsInputBounds()) {
                r.add(n);
            }
        }
        if (!readers.isEmpty()) {
            for (Node n : norm.nodes()) {
                if (!forwardNodes.contains(n.name()) && Relaxations.of(n) instanceof ElementwiseRelaxation) {
                    kinks.put(n.input(0), n);
                }
            }
        }
    }

    /** Whether the network has smooth activations to split. */
    boolean any() {
        return !readers.isEmpty();
    }

    /** Whether this branching splits the value: a smooth activation's input, or the input of the norm's |.|. */
    boolean splits(String value) {
        return readers.containsKey(value) || kinks.containsKey(value);
    }

    /** The best-scored split of a bounded domain, or null when no neuron is worth splitting. */
    Split choose(DomainBounder.Result domain) {
        Split best = null;
        double bestScore = 0;
        for (Map.Entry<String, List<Node>> e : readers.entrySet()) {
            Interval iv = domain.intermediate().get(e.getKey());
            int size = iv.size();
            double[] score = new double[size];
            for (Node n : e.getValue()) {
                double[] a = domain.nonlinearCoefficients().get(n.name());
                double[] w = a == null || a.length != size ? null : widths(n, e.getKey(), domain.intermediate());
                if (w == null || w.length != size) {
                    continue;
                }
                for (int j = 0; j < size; j++) {
                    score[j] += Math.abs(a[j]) * w[j];
                }
            }
            for (int j = 0; j < size; j++) {
                double l = iv.lower()[j];
                double u = iv.upper()[j];
                double scale = Math.max(1, Math.max(Math.abs(l), Math.abs(u)));
                if (score[j] > bestScore && u - l > MIN_WIDTH * scale && Double.isFinite(u - l)) {
                    bestScore = score[j];
                    best = new Split(e.getKey(), j, l + 0.5 * (u - l), true);
                }
            }
        }
        for (Map.Entry<String, Node> e : kinks.entrySet()) {
            Interval iv = domain.intermediate().get(e.getKey());
            double[] a = domain.nonlinearCoefficients().get(e.getValue().name());
            if (a == null || a.length != iv.size()) {
                continue;
            }
            ElementwiseRelaxation relax = ((ElementwiseRelaxation) Relaxations.of(e.getValue())).of(e.getValue(), norm);
            for (int j = 0; j < iv.size(); j++) {
                double l = iv.lower()[j];
                double u = iv.upper()[j];
                if (!(l < u) || !Double.isFinite(u - l) || !relax.needsRefinement(l, u)) {
                    continue;
                }
                double sc = Math.abs(a[j]) * relax.looseness(l, u);
                if (sc > bestScore) {
                    double p = relax.branchPoint(l, u);
                    bestScore = sc;
                    best = new Split(e.getKey(), j, p > l && p < u ? p : l + 0.5 * (u - l), true);
                }
            }
        }
        return best;
    }

    /**
     * The width of each element of node n's output over the domain's interval of {@code value}, every
     * other input pinned to its end of larger magnitude (0 where an interval is not finite).
     */
    private double[] widths(Node n, String value, Map<String, Interval> intervals) {
        List<Interval> ins = new ArrayList<>();
        for (String in : n.inputs()) {
            Interval iv = in.isEmpty() ? null : norm.isConstant(in) ? Interval.of(norm.constant(in)) : intervals.get(in);
            ins.add(iv == null || in.equals(value) ? iv : pinned(iv));
        }
        Relaxation r = Relaxations.of(n);
        Interval out = r.interval(n, ins, norm).get(0);
        double[] w = new double[out.size()];
        for (int j = 0; j < w.length; j++) {
            double d = out.upper()[j] - out.lower()[j];
            w[j] = Double.isFinite(d) ? d : 0;
        }
        return w;
    }

    private static Interval pinned(Interval iv) {
        double[] p = new double[iv.size()];
        for (int j = 0; j < p.length; j++) {
            p[j] = Math.abs(iv.lower()[j]) > Math.abs(iv.upper()[j]) ? iv.lower()[j] : iv.upper()[j];
        }
        return new Interval(p, p.clone());
    }
}
