package io.netverify.bounds;

import io.netverify.bounds.relax.ElementwiseRelaxation;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BranchingCandidatesTest {
    @Test
    void candidatesAreDistinctUnstableNeuronsBestFirstWithPointsInside() {
        for (String activation : List.of("Relu", "Sigmoid")) {
            RandomGraphs r = new RandomGraphs(11);
            String h1 = r.linear("x", 4, 12);
            String h2 = r.linear(r.node(activation, h1), 12, 12);
            Graph g = r.build(Shape.of(1, 4), r.linear(r.node(activation, h2), 12, 2));
            Interval box = r.box(4, 2.0);
            double[][] c = {{1, -1}};
            double[] d = {0};
            Map<String, Interval> root = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
            DomainBounder.Result res = new DomainBounder(g, c, d)
                .bound(box, root, Map.of(), List.of(), DomainBounder.State.initial(), 0, Long.MAX_VALUE);
            List<BranchingCandidates.Candidate> top = BranchingCandidates.top(g, res, new double[] {1}, 5);
            assertEquals(5, top.size(), activation);
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < top.size(); k++) {
                BranchingCandidates.Candidate cand = top.get(k);
                assertTrue(seen.add(cand.value() + "#" + cand.index()), "duplicate " + cand);
                assertTrue(k == 0 || top.get(k - 1).score() >= cand.score(), "not best first");
                Interval iv = root.get(cand.value());
                double l = iv.lower()[cand.index()];
                double u = iv.upper()[cand.index()];
                assertTrue(l < cand.point() && cand.point() < u, cand + " outside [" + l + ", " + u + "]");
                if (activation.equals("Relu")) {
                    assertEquals(0, cand.point(), "ReLU splits at its kink");
                }
            }
        }
    }

    /**
     * Nodes whose function depends on the node (GELU's tanh form, Pow's exponent) are scored and split
     * with the relaxation configured for them, not the one found by operator type.
     */
    @Test
    void pointsComeFromTheRelaxationConfiguredForTheNode() {
        for (String op : List.of("Gelu", "Pow")) {
            RandomGraphs r = new RandomGraphs(5);
            String h = r.linear("x", 3, 16);
            String act = op.equals("Gelu") ? r.node("Gelu", new Attributes(Map.of("approximate", "tanh")), h)
                : r.node("Pow", h, r.constant(Tensor.scalar(3)));
            Graph g = r.build(Shape.of(1, 3), r.linear(act, 16, 1));
            Node node = g.nodes().stream().filter(n -> n.opType().equals(op)).findFirst().orElseThrow();
            Interval box = r.box(3, 4.0);
            double[][] c = {{1}};
            double[] d = {0};
            Map<String, Interval> root = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, c, d).intermediate();
            DomainBounder.Result res = new DomainBounder(g, c, d)
                .bound(box, root, Map.of(), List.of(), DomainBounder.State.initial(), 0, Long.MAX_VALUE);
            ElementwiseRelaxation configured = ((ElementwiseRelaxation) Relaxations.find(op).orElseThrow()).of(node, g);
            List<BranchingCandidates.Candidate> top = BranchingCandidates.top(g, res, new double[] {1}, 4);
            assertTrue(!top.isEmpty(), op);
            for (BranchingCandidates.Candidate cand : top) {
                Interval iv = root.get(cand.value());
                double l = iv.lower()[cand.index()];
                double u = iv.upper()[cand.index()];
                assertEquals(configured.branchPoint(l, u), cand.point(), op + " " + cand);
            }
        }
    }
}
