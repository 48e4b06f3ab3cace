package io.netverify.bounds;

import io.netverify.bounds.relax.ElementwiseRelaxation;
import io.netverify.bounds.relax.Relaxation;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Neurons worth splitting in a domain, scored as in BaBSR: how much the bounded rows lean on a
 * neuron (the weighted |coefficient| its output got in the domain's last pass) times how loose its
 * relaxation is over its interval. Any element-wise nonlinearity qualifies (ReLU, sigmoid, tanh,
 * sine, GELU, ...), each split at its relaxation's branch point.
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
        Map<String, Candidate> best = new HashMap<>();
        PriorityQueue<Candidate> kept = new PriorityQueue<>(Comparator.comparingDouble(Candidate::score));
        for (Map.Entry<String, double[]> e : domain.nonlinearCoefficients().entrySet()) {
            Node node = byName.get(e.getKey());
            Relaxation r = IntervalPropagation.relaxation(node);
            if (!(r instanceof ElementwiseRelaxation relax)) {
                continue;
            }
            String v = node.input(0);
            Interval iv = domain.intermediate().get(v);
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
                if (!(score > 0)) {
                    continue;
                }
                double p = relax.branchPoint(l, u);
                if (!(p > l && p < u)) {
                    p = l + 0.5 * (u - l);
                }
                Candidate cand = new Candidate(v, i, p, score);
                String key = v + "#" + i;
                Candidate old = best.get(key);
                if (old != null && old.score() >= score) {
                    continue;
                }
                if (old != null) {
                    kept.remove(old);
                }
                best.put(key, cand);
                kept.add(cand);
                if (kept.size() > count) {
                    best.remove(kept.peek().value() + "#" + kept.peek().index());
                    kept.poll();
                }
            }
        }
        List<Candidate> out = new ArrayList<>(kept);
        out.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return out;
    }
}
