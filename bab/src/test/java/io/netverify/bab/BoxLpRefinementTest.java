package io.netverify.bab;

import io.netverify.bab.lp.OrToolsLpSolver;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BoxLpRefinementTest {
    private static final int IN = 4;

    private static Graph mlp(long seed) {
        RandomGraphs t = new RandomGraphs(seed);
        String h = t.node("Relu", t.linear("x", IN, 10));
        h = t.node("Relu", t.linear(h, 10, 10));
        return t.build(Shape.of(1, IN), t.linear(h, 10, 3));
    }

    /** The least sampled max_k (c_k y - d_k): an upper bound of the region's true margin on the box. */
    private static double sampledMargin(Graph g, Interval box, UnsafeRegion region, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] points = new double[20_000][IN];
        for (double[] x : points) {
            for (int j = 0; j < IN; j++) {
                x[j] = box.lower()[j] + r.nextDouble() * (box.upper()[j] - box.lower()[j]);
            }
        }
        double min = Double.POSITIVE_INFINITY;
        for (double[] y : new Evaluator(g).evaluateBatch(points)) {
            min = Math.min(min, region.margin(y));
        }
        return min;
    }

    @Test
    void boxesStillProgressingAreLeftToBoundPropagation() {
        assumeTrue(OrToolsLpSolver.available(), "OR-Tools natives do not load here");
        Graph g = mlp(0);
        Interval box = new RandomGraphs(50).box(IN, 0.5);
        UnsafeRegion region = new UnsafeRegion(new double[][] {{1, -1, 0}, {0, 1, -1}}, new double[] {10, 10});
        BoxLpRefinement.Candidate c = candidate(g, box, region);
        double bound = c.regionBounds()[0];
        assertTrue(bound < 0, "the region should be open on the box: " + bound);
        // the last split closed most of the gap: one more split likely proves it, no LP
        BoxLpRefinement.Candidate progressing = new BoxLpRefinement.Candidate(box, c.intermediate(), c.open(),
            new double[] {bound}, 3 * bound);
        refine(g, region, progressing);
        assertEquals(bound, progressing.regionBounds()[0]);
        // LP plus branch and bound tries every open box, from the first
        BoxLpRefinement every = BoxLpRefinement.everyBox(g, List.of(region));
        every.bounded(1, 1);
        every.refine(List.of(progressing), Long.MAX_VALUE);
        assertTrue(progressing.regionBounds()[0] > bound, "the LP did not run or gained nothing: " + bound);
    }

    @Test
    void lpsProveBoxesCrownCannotAndStaySound() {
        assumeTrue(OrToolsLpSolver.available(), "OR-Tools natives do not load here");
        int proved = 0;
        for (long seed = 0; seed < 12; seed++) {
            Graph g = mlp(seed);
            Interval box = new RandomGraphs(seed + 50).box(IN, 0.5);
            double[][] c = {{1, -1, 0}, {0, 1, -1}};
            // shift the rows until CROWN's bound of the conjunction is -1, see what the LP gets, then
            // shift them again to put 0 halfway between the two: the LP alone should prove the box
            double first = candidate(g, box, new UnsafeRegion(c, new double[] {0, 0})).regionBounds()[0];
            double[] d = {first + 1, first + 1};
            BoxLpRefinement.Candidate probe = candidate(g, box, new UnsafeRegion(c, d));
            double crown = probe.regionBounds()[0];
            refine(g, new UnsafeRegion(c, d), probe);
            double lp = probe.regionBounds()[0];
            assertTrue(lp >= crown, "the LP lowered a bound");
            double shift = (crown + lp) / 2;
            UnsafeRegion region = new UnsafeRegion(c, new double[] {d[0] + shift, d[1] + shift});
            BoxLpRefinement.Candidate cand = candidate(g, box, region);
            refine(g, region, cand);
            double refined = cand.regionBounds()[0];
            double truth = sampledMargin(g, box, region, seed);
            assertTrue(refined <= truth + 1e-9, "seed " + seed + ": bound " + refined + " above the sampled margin " + truth);
            proved += lp > crown + 1e-6 && refined > 0 ? 1 : 0;
        }
        assertTrue(proved >= 3, "the LP proved only " + proved + " of 12 boxes CROWN left open");
    }

    /** LPs from the first box on, with all the time they need. */
    private static void refine(Graph g, UnsafeRegion region, BoxLpRefinement.Candidate c) {
        BoxLpRefinement r = new BoxLpRefinement(g, List.of(region), 0, 1);
        r.bounded(1, 60_000_000_000L);
        r.refine(List.of(c), Long.MAX_VALUE);
    }

    private static BoxLpRefinement.Candidate candidate(Graph g, Interval box, UnsafeRegion region) {
        RegionRows rows = RegionRows.of(List.of(region), new int[] {0});
        Bounds b = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, rows.c(), rows.offsets());
        double bound = rows.regionBound(b.lower(), b.linearLower(), b.inputCoefficients(), box, 0, OrToolsLpSolver.glop());
        // as if its parent had the same bound: splitting stalled, the LP's case
        return new BoxLpRefinement.Candidate(box, b.intermediate(), new int[] {0}, new double[] {bound}, bound);
    }
}
