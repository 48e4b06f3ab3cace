package io.netverify.bounds;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
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
}
