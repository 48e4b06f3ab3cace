package io.netverify.bounds;

import io.netverify.bounds.relax.ElementwiseRelaxation;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Neurons worth splitting in a domain, scored as in BaBSR: how much the bounded rows lean on a
 * neuron (the weighted |coefficient| its output got in the domain's last pass) times how loose its
 * relaxation is over its interval ({@link ElementwiseRelaxation#looseness}, the widest gap of its
 * lines). Any element-wise nonlinearity qualifies (ReLU, sigmoid, tanh, sine, GELU, ...), each split
 * at its relaxation's branch point ({@link ElementwiseRelaxation#branchPoint}: ReLU at 0, others by
 * the children's looseness, or optionally at GenBaB's point of least relaxation area of the two
 * children, from a lookup table).
 */
public final class BranchingCandidates {
    /** A split candidate: element {@code index} of value {@code value} at {@code point}. */
    public record Candidate(String value, int index, double point, double score) {
        public Split below() {
            return new Split(value, index, point, false);
        }

        public Split above() {
            return new Split(value, index, point, true);
        }
    }

    private BranchingCandidates() {
    }

    /**
     * The {@code count} best-scored neurons of a bounded domain, best first; rows weigh by
     * {@code rowWeights} (e.g. 1 for the rows that decide the domain's bound, 0 for the rest).
     */
    public static List<Candidate> top(Graph graph, DomainBounder.Result domain, double[] rowWeights, int count) {
        Map<String, Node> byName = new HashMap<>();
        graph.nodes().forEach(n -> byName.put(n.name(), n));
        PriorityQueue<Scored> kept = new PriorityQueue<>(Comparator.comparingDouble(Scored::score));
        for (Map.Entry<String, double[]> e : domain.nonlinearCoefficients().entrySet()) {
            Node node = byName.get(e.getKey());
            if (!(IntervalPropagation.relaxation(node) instanceof ElementwiseRelaxation found)) {
                continue;
            }
            ElementwiseRelaxation relax = found.of(node, graph);
            Interval iv = domain.intermediate().get(node.input(0));
            double[] a = e.getValue();
            int n = iv.size();
            for (int i = 0; i < n; i++) {
                double l = iv.lower()[i];
                double u = iv.upper()[i];
                if (!(l < u) || Double.isInfinite(l) || Double.isInfinite(u) || !relax.needsRefinement(l, u)) {
                    continue;
                }
                double weight = 0;
                for (int k = 0; k < rowWeights.length; k++) {
                    weight += rowWeights[k] * Math.abs(a[k * n + i]);
                }
                double score = weight * relax.looseness(l, u);
                if (score > 0 && (kept.size() < count || score > kept.peek().score())) {
                    kept.add(new Scored(relax, node.input(0), i, l, u, score));
                    if (kept.size() > count) {
                        kept.poll();
                    }
                }
            }
        }
        // branch points only for the few kept (a table look-up, or a search outside the table); a value read by two
        // nonlinear nodes may appear twice: keep its best
        List<Scored> best = new ArrayList<>(kept);
        best.sort(Comparator.comparingDouble(Scored::score).reversed());
        Map<String, Candidate> out = new LinkedHashMap<>();
        for (Scored c : best) {
            double p = c.relax().branchPoint(c.l(), c.u());
            if (!(p > c.l() && p < c.u())) {
                p = c.l() + 0.5 * (c.u() - c.l());
            }
            out.putIfAbsent(c.value() + "#" + c.index(), new Candidate(c.value(), c.index(), p, c.score()));
        }
        return List.copyOf(out.values());
    }

    /** A neuron kept while scoring: its relaxation and interval, for the branch point. */
    private record Scored(ElementwiseRelaxation relax, String value, int index, double l, double u, double score) {
    }
}
