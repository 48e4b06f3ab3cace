package io.netverify.bab;

import io.netverify.bab.lp.LpProblem;
import io.netverify.bab.lp.LpSession;
import io.netverify.bab.lp.LpSolver;
import io.netverify.bab.lp.TestNetworks;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.bounds.Split;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationSplittingTest {
    private static Graph net(long seed, String activation) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node(activation, r.linear("x", 3, 16));
        h = r.node(activation, r.linear(h, 16, 16));
        return r.build(Shape.of(1, 3), r.linear(h, 16, 1));
    }

    /** The least output over many samples and every corner of the box. */
    private static double sampledMinimum(Graph g, Interval box, long seed) {
        Evaluator ev = new Evaluator(g);
        SplittableRandom rnd = new SplittableRandom(seed);
        double min = Double.POSITIVE_INFINITY;
        for (int s = 0; s < 30000; s++) {
            double[] x = new double[3];
            for (int i = 0; i < 3; i++) {
                double t = s < 8 ? (s >> i & 1) : rnd.nextDouble();
                x[i] = box.lower()[i] + t * (box.upper()[i] - box.lower()[i]);
            }
            min = Math.min(min, ev.evaluate(x)[0]);
        }
        return min;
    }

    private static BabResult run(Graph g, Interval box, double threshold, double seconds) {
        return run(g, box, threshold, seconds, 0);
    }

    private static BabResult run(Graph g, Interval box, double threshold, double seconds, int lpNeurons) {
        // unsafe: y <= threshold
        List<UnsafeRegion> unsafe = List.of(new UnsafeRegion(new double[][] {{1}}, new double[] {threshold}));
        Bounds root = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).compute(box, new double[][] {{1}}, new double[] {-threshold});
        Evaluator ev = new Evaluator(g);
        WitnessCheck check = x -> ev.evaluate(x)[0] <= threshold ? Optional.of(x) : Optional.empty();
        ActivationSplitting strategy = new ActivationSplitting(g, box, unsafe, root.intermediate()).lpTightening(lpNeurons);
        return BranchAndBound.of(strategy).run(check, System.nanoTime() + (long) (seconds * 1e9));
    }

    /**
     * Thresholds between CROWN's bound and the sampled minimum hold (or the search finds a real
     * counterexample) and need branching; thresholds above a sampled output never verify. With
     * {@code complete} (ReLU: leaves are decided by the exact LP), every search must end decided,
     * and the false properties falsified.
     */
    private static int check(String activation, boolean complete) {
        return check(activation, complete, 0);
    }

    private static int check(String activation, boolean complete, int lpNeurons) {
        int proved = 0;
        for (int seed = 0; seed < 8; seed++) {
            Graph g = net(seed, activation);
            Interval box = new RandomGraphs(1000 + seed).box(3, 1.5);
            double sampled = sampledMinimum(g, box, seed);
            double crown = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).compute(box).lower()[0];
            if (sampled - crown < 1e-3) {
                continue;
            }
            double t = crown + 0.7 * (sampled - crown);
            BabResult r = run(g, box, t, 20, lpNeurons);
            if (r.status() == BabStatus.FALSIFIED) {
                assertTrue(new Evaluator(g).evaluate(r.witness())[0] <= t);
            } else if (complete) {
                assertEquals(BabStatus.VERIFIED, r.status(), activation + " seed " + seed);
            }
            proved += r.status() == BabStatus.VERIFIED ? 1 : 0;
            BabResult wrong = run(g, box, sampled + 1e-3 * (1 + Math.abs(sampled)), 5, lpNeurons);
            assertNotEquals(BabStatus.VERIFIED, wrong.status(), activation + " seed " + seed + ": a false property verified");
            if (complete) {
                assertEquals(BabStatus.FALSIFIED, wrong.status(), activation + " seed " + seed);
            }
        }
        return proved;
    }

    @Test
    void reluSplittingDecidesWhatAlphaCrownCannot() {
        assertTrue(check("Relu", true) >= 6);
    }

    @Test
    void lpTighteningInStalledDomainsDecidesTheSame() {
        assertTrue(check("Relu", true, 4) >= 6);
    }

    /**
     * Children made to count as stalled (parent bound 0) get their best-scored neurons tightened by
     * LP: narrower than the root's intervals, and still containing the pre-activations of every
     * sampled input that satisfies the child's split.
     */
    @Test
    void lpTightenedIntervalsAreNarrowerAndContainEveryValueOfTheDomain() {
        Graph g = TestNetworks.mlp(3, 3, 12, 3, 1);
        Interval box = TestNetworks.box(3, 3, 2);
        double[][] c = {{1}};
        Bounds root = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).compute(box, c, new double[] {0});
        double threshold = root.lower()[0] + 0.95 * (sampledMinimum(g, box, 3) - root.lower()[0]);
        List<UnsafeRegion> unsafe = List.of(new UnsafeRegion(c, new double[] {threshold}));
        ActivationSplitting s = new ActivationSplitting(g, box, unsafe, root.intermediate()).lpTightening(6);
        long deadline = System.nanoTime() + 60_000_000_000L;
        BoundedDomain<ActivationDomain> top = rootNeedingASplit(s, deadline);
        SplittableRandom rnd = new SplittableRandom(5);
        int tightened = 0;
        for (ActivationDomain child : s.branch(top)) {
            ActivationDomain stalled = new ActivationDomain(child.splits(), child.state(), child.open(), null, Map.of(), 0);
            ActivationDomain bounded = s.bound(List.of(stalled), deadline).get(0).domain();
            for (Map.Entry<String, Interval> e : bounded.tightened().entrySet()) {
                Interval before = root.intermediate().get(e.getKey());
                Interval after = e.getValue();
                double narrowed = 0;
                for (int k = 0; k < after.size(); k++) {
                    assertTrue(after.lower()[k] >= before.lower()[k] && after.upper()[k] <= before.upper()[k]);
                    narrowed += (before.upper()[k] - before.lower()[k]) - (after.upper()[k] - after.lower()[k]);
                }
                tightened += narrowed > 1e-9 ? 1 : 0;
            }
            Split split = child.splits().get(0);
            for (int n = 0; n < 5000; n++) {
                Map<String, Tensor> values = TestNetworks.preActivations(g, TestNetworks.point(box, rnd));
                double v = values.get(split.value()).get(split.index());
                if (split.above() ? v < split.point() : v > split.point()) {
                    continue;
                }
                bounded.tightened().forEach((value, iv) -> assertTrue(iv.contains(values.get(value).data(), 1e-9), value));
            }
        }
        assertTrue(tightened > 0, "no interval tightened");
    }

    /**
     * An LP engine failing the way a JDK collection fails on a bug (UnsupportedOperationException)
     * stops the search: only {@link io.netverify.bounds.relax.NoRelaxationException} means "the LP
     * cannot encode this network" and turns LP tightening off.
     */
    @Test
    void aBugInTheLpIsNotTakenForAnUnsupportedNetwork() {
        Graph g = TestNetworks.mlp(3, 3, 12, 3, 1);
        Interval box = TestNetworks.box(3, 3, 2);
        Bounds root = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).compute(box, new double[][] {{1}}, new double[] {0});
        LpSolver broken = new LpSolver() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public LpSolver until(long deadlineNanos) {
                return this;
            }

            @Override
            public LpSession open(LpProblem problem) {
                throw new UnsupportedOperationException("a bug in the LP engine");
            }
        };
        // far above the bound: the children stay open, so a stalled one reaches LP tightening
        List<UnsafeRegion> unsafe = List.of(new UnsafeRegion(new double[][] {{1}}, new double[] {root.lower()[0] + 1}));
        ActivationSplitting s = new ActivationSplitting(g, box, unsafe, root.intermediate()).lpTightening(6).lpSolver(broken);
        long deadline = System.nanoTime() + 60_000_000_000L;
        ActivationDomain child = s.branch(rootNeedingASplit(s, deadline)).get(0);
        ActivationDomain stalled = new ActivationDomain(child.splits(), child.state(), child.open(), null, Map.of(), 0);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> s.bound(List.of(stalled), deadline));
        assertTrue(e.getMessage().contains("a bug in the LP engine"), e.getMessage());
    }

    private static BoundedDomain<ActivationDomain> rootNeedingASplit(ActivationSplitting s, long deadline) {
        BoundedDomain<ActivationDomain> top = s.bound(s.roots(), deadline).get(0);
        assertTrue(top.lowerBound() <= 0 && top.domain().next() != null, "the root needs a split");
        return top;
    }

    @Test
    void sigmoidSplittingProvesWhatAlphaCrownCannotAndNothingFalse() {
        assertTrue(check("Sigmoid", false) >= 4);
    }

    @Test
    void aLinearNetworkIsFalsifiedAtTheCornerMinimisingItsBound() {
        RandomGraphs r = new RandomGraphs(9);
        Graph g = r.build(Shape.of(1, 3), r.linear("x", 3, 1));
        Interval box = r.box(3, 1.0);
        double sampled = sampledMinimum(g, box, 9);
        // a linear network is bounded exactly: just above its minimum, the property is false
        BabResult res = run(g, box, sampled + 0.5, 5);
        assertEquals(BabStatus.FALSIFIED, res.status());
    }
}
