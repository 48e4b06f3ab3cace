package io.netverify.bab.lipschitz;

import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.DomainBounder;
import io.netverify.bounds.Interval;
import io.netverify.bounds.Split;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianGraph;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Branching on smooth activations' inputs in the Lipschitz search: each child's bound holds over its
 * side of the split (sampled), and branching on them alone converges on small sigmoid and tanh nets,
 * which it cannot when a child ignores its split (its bound then stays its parent's).
 */
class SmoothSplitsTest {
    private static final double[] C = {1};

    /**
     * Four levels of the chosen splits (each level descends into the child with the larger bound):
     * every child's bound is at least the gradient norm at each of 10^4 sampled points on its side of
     * all of its splits (the values split evaluated exactly there).
     */
    @Test
    void childBoundsHoldOnTheirSideOfTheSplits() {
        for (String act : new String[] {"Sigmoid", "Tanh"}) {
            Graph net = LipschitzSearchTest.mlp(3, act, 2, 8, 8, 1);
            Interval box = new Interval(new double[] {-1, -0.5}, new double[] {1, 1.5});
            Graph norm = JacobianGraph.l1Norm(net, C, true);
            Map<String, Interval> root = BoundPropagator.of(JacobianGraph.l1Norm(net, C)).compute(box).intermediate();
            DomainBounder bounder = new DomainBounder(norm, new double[][] {{-1}}, new double[] {0});
            SmoothSplits smooth = new SmoothSplits(net, norm);
            assertTrue(smooth.any(), act);
            Samples samples = new Samples(net, norm, box, 10_000);
            DomainBounder.Result parent = bounder.bound(box, root, Map.of(), List.of(), DomainBounder.State.initial(),
                Long.MAX_VALUE);
            List<Split> splits = List.of();
            Map<String, Interval> tightened = Map.of();
            for (int depth = 0; depth < 4; depth++) {
                Split s = smooth.choose(parent);
                assertNotNull(s, act + " depth " + depth);
                assertTrue(smooth.splits(s.value()), s.toString());
                DomainBounder.Result next = null;
                List<Split> nextSplits = null;
                Map<String, Interval> nextTightened = null;
                for (boolean above : new boolean[] {false, true}) {
                    List<Split> child = new ArrayList<>(splits);
                    child.add(new Split(s.value(), s.index(), s.point(), above));
                    Map<String, Interval> t = bounder.refine(box, root, tightened, child, Long.MAX_VALUE);
                    DomainBounder.Result r = bounder.bound(box, root, t, child, parent.state().child(1), Long.MAX_VALUE);
                    double bound = -r.lower()[0];
                    int inside = samples.check(child, bound, act + " " + child);
                    assertTrue(inside > 0, act + ": no sample on the side of " + child);
                    if (next == null || bound > -next.lower()[0]) {
                        next = r;
                        nextSplits = child;
                        nextTightened = t;
                    }
                }
                parent = next;
                splits = nextSplits;
                tightened = nextTightened;
            }
        }
    }

    /**
     * Smooth activation splits alone (no input bisection) tighten the bound of a small tanh net well
     * below the root's (they cannot when a child ignores its split: its bound then stays its
     * parent's), and it stays above every value of a dense grid.
     */
    @Test
    void activationSplitsAloneTightenTheBound() {
        Graph net = LipschitzSearchTest.mlp(1, "Tanh", 2, 8, 1);
        Interval box = new Interval(new double[] {-0.5, -0.5}, new double[] {0.5, 0.5});
        LipschitzSearch.Result r = LipschitzSearch.of(net, C).inputSplitDimensions(0).mixedSplitDimensions(0)
            .run(box, System.nanoTime() + 4_000_000_000L);
        double grid = LipschitzSearchTest.grid(net, C, box, 150);
        assertTrue(r.upper() >= grid, "upper " + r.upper() + " below grid value " + grid);
        assertTrue(r.upper() <= 0.9 * r.root(), r.toString());
    }

    /**
     * A sigmoid net whose split each domain chooses between bisecting its box and splitting an
     * activation (by bounding both): converges to within 1% of a witnessed gradient norm, above the grid.
     */
    @Test
    void mixedBranchingConvergesOnATinySigmoidNet() {
        Graph net = LipschitzSearchTest.mlp(1, "Sigmoid", 2, 8, 1);
        Interval box = new Interval(new double[] {-0.5, -0.5}, new double[] {0.5, 0.5});
        LipschitzSearch.Result r = LipschitzSearch.of(net, C).inputSplitDimensions(0)
            .run(box, System.nanoTime() + 30_000_000_000L);
        double grid = LipschitzSearchTest.grid(net, C, box, 150);
        assertEquals(LipschitzSearch.Status.CONVERGED, r.status(), r.toString());
        assertTrue(r.upper() >= grid && r.upper() <= 1.01 * r.lower(), r + " grid " + grid);
    }

    /** Gradient norms at random points of a box, and the values of the norm graph split there. */
    private static final class Samples {
        private final Graph norm;
        private final double[][] points;
        private final double[] norms;

        Samples(Graph net, Graph norm, Interval box, int n) {
            this.norm = norm;
            SplittableRandom rnd = new SplittableRandom(11);
            points = new double[n][box.size()];
            norms = new double[n];
            Evaluator gradient = new Evaluator(JacobianGraph.gradient(net, C));
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < box.size(); i++) {
                    points[s][i] = rnd.nextDouble(box.lower()[i], box.upper()[i]);
                }
                norms[s] = InputNorm.LINF.dual(gradient.evaluate(points[s]));
            }
        }

        /** Asserts the bound at every sample satisfying the splits; returns how many do. */
        int check(List<Split> splits, double bound, String what) {
            List<Evaluator> evaluators = new ArrayList<>();
            for (Split s : splits) {
                evaluators.add(new Evaluator(new Graph(norm.name(), norm.opset(), norm.inputs(), List.of(s.value()),
                    norm.nodes(), norm.constants(), norm.values())));
            }
            int inside = 0;
            for (int p = 0; p < points.length; p++) {
                boolean in = true;
                for (int k = 0; k < splits.size() && in; k++) {
                    Split s = splits.get(k);
                    double v = evaluators.get(k).evaluate(points[p])[s.index()];
                    in = s.above() ? v >= s.point() : v <= s.point();
                }
                if (in) {
                    inside++;
                    assertTrue(norms[p] <= bound, what + ": gradient norm " + norms[p] + " above the bound " + bound);
                }
            }
            return inside;
        }
    }
}
