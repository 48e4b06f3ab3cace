package io.netverify.bab;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.TinyReluNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input splitting on a network whose answers are known by hand, through the driver and step by step. */
class InputSplittingTest {
    private static final Interval UNIT = new Interval(new double[] {0, 0}, new double[] {1, 1});

    /** y = relu(W x + b), W = [[1, -1], [2, 1]], b = [0, -1], x in [0, 1]^2: max y0 = 1, max y1 = 2, max y0 + y1 = 2. */
    private static Graph net() {
        return TinyReluNetwork.graph();
    }

    /** The unsafe region "y0 + y1 >= t". */
    private static UnsafeRegion sumAtLeast(double t) {
        return new UnsafeRegion(new double[][] {{-1, -1}}, new double[] {-t});
    }

    private static UnsafeRegion firstAtLeast(double t) {
        return new UnsafeRegion(new double[][] {{-1, 0}}, new double[] {-t});
    }

    private static WitnessCheck check(Graph g, List<UnsafeRegion> regions) {
        Evaluator e = new Evaluator(g);
        return x -> regions.stream().anyMatch(r -> r.margin(e.evaluate(x)) <= 0) ? Optional.of(x) : Optional.empty();
    }

    private static BabResult search(List<UnsafeRegion> regions) {
        Graph g = net();
        return BranchAndBound.of(new InputSplitting(g, UNIT, regions)).run(check(g, regions), System.nanoTime() + 30_000_000_000L);
    }

    @Test
    void provesWhatOneBoundCannot() {
        // CROWN on the whole box only shows y0 + y1 <= 2.5; the true maximum is 2
        List<UnsafeRegion> regions = List.of(sumAtLeast(2.2));
        InputSplitting s = new InputSplitting(net(), UNIT, regions);
        assertTrue(s.bound(s.roots(), Long.MAX_VALUE).get(0).lowerBound() < 0);
        BabResult r = search(regions);
        assertEquals(BabStatus.VERIFIED, r.status());
        assertTrue(r.visited() > 1);
    }

    @Test
    void findsAWitnessThatTrulyViolates() {
        BabResult r = search(List.of(sumAtLeast(1.9)));
        assertEquals(BabStatus.FALSIFIED, r.status());
        double[] y = new Evaluator(net()).evaluate(r.witness());
        assertTrue(y[0] + y[1] >= 1.9, y[0] + " + " + y[1]);
        assertTrue(UNIT.contains(r.witness(), 0));
    }

    @Test
    void dropsExcludedRegionsAndSplitsAtTheMidpoint() {
        // y0 <= 1 excludes "y0 >= 1.5" on the whole box; "y0 + y1 >= 2.2" needs splitting
        InputSplitting s = new InputSplitting(net(), UNIT, List.of(firstAtLeast(1.5), sumAtLeast(2.2)));
        BoundedDomain<InputDomain> root = s.bound(s.roots(), Long.MAX_VALUE).get(0);
        assertArrayEquals(new int[] {1}, root.domain().open());
        int j = root.domain().splitDimension();
        assertTrue(j == 0 || j == 1);
        List<InputDomain> children = s.branch(root);
        assertEquals(2, children.size());
        for (int c = 0; c < 2; c++) {
            InputDomain d = children.get(c);
            assertArrayEquals(new int[] {1}, d.open());
            assertEquals(c == 0 ? 0 : 0.5, d.box().lower()[j]);
            assertEquals(c == 0 ? 0.5 : 1, d.box().upper()[j]);
            assertEquals(0, d.box().lower()[1 - j]);
            assertEquals(1, d.box().upper()[1 - j]);
        }
    }

    @Test
    void lowerBoundsAndCandidatesAreSoundOnRandomBoxes() {
        Graph g = net();
        Evaluator e = new Evaluator(g);
        List<UnsafeRegion> regions = List.of(sumAtLeast(1.2), firstAtLeast(0.4));
        InputSplitting s = new InputSplitting(g, UNIT, regions);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            double[] lo = {rnd.nextDouble(), rnd.nextDouble()};
            double[] hi = {lo[0] + rnd.nextDouble() * (1 - lo[0]), lo[1] + rnd.nextDouble() * (1 - lo[1])};
            Interval box = new Interval(lo, hi);
            BoundedDomain<InputDomain> b = s.bound(List.of(new InputDomain(box, new int[] {0, 1})), Long.MAX_VALUE).get(0);
            for (int p = 0; p < 50; p++) {
                double[] x = {lo[0] + rnd.nextDouble() * (hi[0] - lo[0]), lo[1] + rnd.nextDouble() * (hi[1] - lo[1])};
                double[] y = e.evaluate(x);
                double margin = Math.min(regions.get(0).margin(y), regions.get(1).margin(y));
                assertTrue(b.lowerBound() <= margin, "box " + box + ": bound " + b.lowerBound() + " > margin " + margin);
            }
            if (!b.verified()) {
                assertTrue(box.contains(b.candidate(), 0));
            }
        }
    }
}
