package io.netverify.bab.lp;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.bounds.Split;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.PassModels;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PlanetLpTest {
    private static final int IN = 5;
    private static final int OUT = 3;

    private static LpSolver glop() {
        assumeTrue(OrToolsLpSolver.available(), "OR-Tools natives do not load here");
        return OrToolsLpSolver.glop();
    }

    private static double dot(double[] c, double[] y) {
        double s = 0;
        for (int j = 0; j < c.length; j++) {
            s += c[j] * y[j];
        }
        return s;
    }

    private static double[][] randomRows(long seed, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] c = new double[rows][OUT];
        for (double[] row : c) {
            for (int j = 0; j < OUT; j++) {
                row[j] = r.nextDouble() * 2 - 1;
            }
        }
        return c;
    }

    private static Bounds crown(Graph g, Interval box, double[][] c) {
        return BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, c, new double[c.length]);
    }

    /** The values of every ReLU input at x (the activation pattern's pre-activations). */
    /** The network's outputs at 10^4 random points of the box. */
    private static double[][] sampledOutputs(Graph g, Interval box, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] points = new double[10_000][];
        for (int s = 0; s < points.length; s++) {
            points[s] = TestNetworks.point(box, r);
        }
        return new Evaluator(g).evaluateBatch(points);
    }

    @Test
    void boundIsSoundAndAtLeastAsTightAsCrown() {
        double gain = 0;
        for (int seed = 0; seed < 8; seed++) {
            Graph g = TestNetworks.mlp(seed, IN, 12, 3, OUT);
            gain += soundAndAtLeastCrownsGain(g, TestNetworks.box(seed, IN, seed % 2 == 0 ? 0.4 : 2), seed);
        }
        assertTrue(gain > 0.01, "the LP was never tighter than CROWN: gain " + gain);
    }

    /** LeakyRelu below and above slope 1 (convex and concave) and Abs. */
    static List<TestNetworks.Activation> kinked() {
        return List.of(TestNetworks.Activation.leakyRelu(0.1), TestNetworks.Activation.leakyRelu(2.5), TestNetworks.Activation.ABS);
    }

    @ParameterizedTest
    @MethodSource("kinked")
    void leakyReluAndAbsBoundsAreSoundAndAtLeastAsTightAsCrown(TestNetworks.Activation activation) {
        double gain = 0;
        for (int seed = 0; seed < 6; seed++) {
            Graph g = TestNetworks.mlp(seed, IN, 12, 3, OUT, activation);
            gain += soundAndAtLeastCrownsGain(g, TestNetworks.box(seed, IN, seed % 2 == 0 ? 0.4 : 2), seed);
        }
        assertTrue(gain > 0.01, activation + ": the LP was never tighter than CROWN: gain " + gain);
    }

    @ParameterizedTest
    @MethodSource("kinked")
    void withEveryKinkFixedALeakyReluOrAbsNetworkLpIsExact(TestNetworks.Activation activation) {
        for (int seed = 0; seed < 4; seed++) {
            Graph g = TestNetworks.mlp(100 + seed, IN, 10, 3, OUT, activation);
            exactWithEveryReluFixed(g, TestNetworks.box(seed, IN, 0.3), seed);
        }
    }

    /**
     * {@link PassModels.CancellingFold}: the LP's rows charge the folded bias's rounding, so its
     * bounds of y contain the file's function at 0, the rounding error the fold hid.
     */
    @Test
    void foldedBiasThatCancelsKeepsItsRoundingError() {
        Graph g = OnnxModel.parse(PassModels.CancellingFold.bytes(), "cancel.onnx").toGraph();
        assertTrue(g.nodes().size() == 1 && g.constant(g.nodes().get(0).input(2)).get(0) == 0, "folded into one Linear with bias 0");
        BigDecimal exact = PassModels.CancellingFold.exact(0);
        assertTrue(exact.signum() != 0, "the case needs a rounding error");
        Interval box = new Interval(new double[] {-1e-30}, new double[] {1e-30});
        try (PlanetLp lp = PlanetLp.build(g, box, Map.of(), List.of(), new OjAlgoLpSolver())) {
            double lower = lp.minimise(new double[] {1}).lowerBound();
            double upper = -lp.minimise(new double[] {-1}).lowerBound();
            assertTrue(new BigDecimal(lower).compareTo(exact) <= 0 && exact.compareTo(new BigDecimal(upper)) <= 0,
                "LP bounds [" + lower + ", " + upper + "] miss the exact " + exact);
            assertTrue(upper - lower < 1e-5, "the allowance is a rounding error, not a loose bound: [" + lower + ", " + upper + "]");
        }
    }

    /** A Gemm whose computed operand is B, {@code y = 0.5 A h^T + C} [3, 1]: the LP has its affine rows. */
    @Test
    void gemmWithTheComputedOperandOnTheRightIsEncoded() {
        double gain = 0;
        for (int seed = 0; seed < 4; seed++) {
            RandomGraphs t = new RandomGraphs(seed);
            String h = t.node("Relu", t.linear(t.node("Relu", t.linear("x", IN, 12)), 12, 12));
            String y = t.node("Gemm", new Attributes(Map.of("transB", 1L, "alpha", 0.5)), t.constant(t.gaussian(1, OUT, 12)), h,
                t.constant(t.gaussian(0.3, OUT, 1)));
            Graph g = t.build(Shape.of(1, IN), y);
            gain += soundAndAtLeastCrownsGain(g, TestNetworks.box(seed, IN, 2), seed);
        }
        assertTrue(gain > 0.01, "the LP was never tighter than CROWN: gain " + gain);
    }

    @Test
    void convNetworkBoundIsSoundAndAtLeastAsTightAsCrown() {
        double gain = 0;
        for (int seed = 0; seed < 4; seed++) {
            Graph g = TestNetworks.convNet(seed);
            gain += soundAndAtLeastCrownsGain(g, TestNetworks.box(seed, g.inputs().get(0).shape().size(), 0.5), seed);
        }
        assertTrue(gain > 0.01, "the LP was never tighter than CROWN on conv nets: gain " + gain);
    }

    /**
     * Checks the LP bounds of random rows of C y on the box against 10^4 samples (never above their
     * minimum) and CROWN (never below); returns how much the LP gained over CROWN.
     */
    private static double soundAndAtLeastCrownsGain(Graph g, Interval box, int seed) {
        LpSolver solver = glop();
        double[][] c = randomRows(seed, 3);
        Bounds crown = crown(g, box, c);
        double[] min = new double[c.length];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        for (double[] y : sampledOutputs(g, box, seed)) {
            for (int k = 0; k < c.length; k++) {
                min[k] = Math.min(min[k], dot(c[k], y));
            }
        }
        double gain = 0;
        try (PlanetLp lp = PlanetLp.build(g, box, crown.intermediate(), List.of(), solver)) {
            for (int k = 0; k < c.length; k++) {
                LpBound b = lp.minimise(c[k]);
                String what = "seed " + seed + " row " + k;
                assertEquals(LpStatus.OPTIMAL, b.status(), what);
                assertTrue(b.lowerBound() <= min[k] + 1e-9 * (1 + Math.abs(min[k])),
                    what + ": LP bound " + b.lowerBound() + " above the sampled minimum " + min[k]);
                assertTrue(b.lowerBound() >= crown.lower()[k] - 1e-9 * (1 + Math.abs(crown.lower()[k])),
                    what + ": LP bound " + b.lowerBound() + " below CROWN's " + crown.lower()[k]);
                assertTrue(b.lowerBound() >= b.lpValue() - 1e-7 * (1 + Math.abs(b.lpValue())), what);
                gain += b.lowerBound() - crown.lower()[k];
            }
        }
        return gain;
    }

    @Test
    void jointRowsBoundIsSoundAndAtLeastTheBestSingleRow() {
        LpSolver solver = glop();
        double gain = 0;
        for (int seed = 0; seed < 8; seed++) {
            Graph g = TestNetworks.mlp(seed, IN, 12, 3, OUT);
            Interval box = TestNetworks.box(seed, IN, seed % 2 == 0 ? 0.4 : 2);
            double[][] c = randomRows(seed + 100, 3);
            double[] offsets = {0.1, -0.2, 0.05};
            double min = Double.POSITIVE_INFINITY;
            for (double[] y : sampledOutputs(g, box, seed)) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c.length; k++) {
                    max = Math.max(max, dot(c[k], y) + offsets[k]);
                }
                min = Math.min(min, max);
            }
            try (PlanetLp lp = PlanetLp.build(g, box, crown(g, box, c).intermediate(), List.of(), solver)) {
                double joint = lp.minimiseMax(c, offsets).lowerBound();
                double single = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c.length; k++) {
                    single = Math.max(single, lp.minimise(c[k]).lowerBound() + offsets[k]);
                }
                String what = "seed " + seed;
                assertTrue(joint <= min + 1e-9 * (1 + Math.abs(min)), what + ": joint bound " + joint + " above the sampled " + min);
                assertTrue(joint >= single - 1e-7 * (1 + Math.abs(single)), what + ": joint " + joint + " below a single row's " + single);
                gain += joint - single;
            }
        }
        assertTrue(gain > 0.01, "the rows together never gave more than the best row alone: gain " + gain);
    }

    @Test
    void withEveryReluFixedTheLpIsExactAndItsInputReproducesItsValue() {
        for (int seed = 0; seed < 8; seed++) {
            Graph g = TestNetworks.mlp(100 + seed, IN, 10, 3, OUT);
            exactWithEveryReluFixed(g, TestNetworks.box(seed, IN, 0.3), seed);
        }
    }

    /** The LP has Conv's rows exactly: with the ReLUs fixed, its minimiser evaluates to its value. */
    @Test
    void withEveryReluFixedAConvNetworkLpIsExact() {
        for (int seed = 0; seed < 4; seed++) {
            Graph g = TestNetworks.convNet(10 + seed);
            exactWithEveryReluFixed(g, TestNetworks.box(seed, g.inputs().get(0).shape().size(), 0.3), seed);
        }
    }

    private static void exactWithEveryReluFixed(Graph g, Interval box, int seed) {
        LpSolver solver = glop();
        double[] c = randomRows(seed, 1)[0];
        double[] center = new double[box.size()];
        for (int i = 0; i < center.length; i++) {
            center[i] = (box.lower()[i] + box.upper()[i]) / 2;
        }
        List<Split> pattern = new ArrayList<>();
        TestNetworks.preActivations(g, center).forEach((v, t) -> {
            for (int k = 0; k < t.size(); k++) {
                pattern.add(new Split(v, k, 0, t.get(k) >= 0));
            }
        });
        try (PlanetLp lp = PlanetLp.build(g, box, crown(g, box, new double[][] {c}).intermediate(), pattern, solver)) {
            assertTrue(lp.exact(), "seed " + seed);
            LpBound b = lp.minimise(c);
            double atInput = dot(c, new Evaluator(g).evaluate(b.input()));
            double atCenter = dot(c, new Evaluator(g).evaluate(center));
            String what = "seed " + seed;
            assertEquals(b.lpValue(), atInput, 1e-6 * (1 + Math.abs(atInput)), what);
            assertTrue(b.lowerBound() <= atCenter + 1e-9 && b.lowerBound() <= atInput + 1e-9, what);
            assertEquals(b.lpValue(), b.lowerBound(), 1e-7 * (1 + Math.abs(b.lpValue())), what);
            // the LP's input has the fixed pattern (up to the solver's tolerance at 0)
            TestNetworks.preActivations(g, b.input()).forEach((v, t) -> {
                for (int k = 0; k < t.size(); k++) {
                    boolean above = pattern.stream().filter(s -> s.value().equals(v)).toList().get(k).above();
                    assertTrue(above ? t.get(k) >= -1e-7 : t.get(k) <= 1e-7, what + " " + v + "[" + k + "]");
                }
            });
        }
    }

    @Test
    void tightenedIntervalsAreSoundAndNarrower() {
        LpSolver solver = glop();
        Graph g = TestNetworks.mlp(3, IN, 12, 3, OUT);
        Interval box = TestNetworks.box(3, IN, 2);
        Bounds crown = crown(g, box, new double[][] {{1, 0, 0}});
        List<String> reluInputs = g.nodes().stream().filter(n -> n.opType().equals("Relu")).map(n -> n.input(0)).toList();
        String last = reluInputs.get(reluInputs.size() - 1);
        Interval before = crown.intermediate().get(last);
        int[] all = java.util.stream.IntStream.range(0, before.size()).toArray();
        Interval after;
        try (PlanetLp lp = PlanetLp.build(g, box, crown.intermediate(), List.of(), solver)) {
            after = lp.tighten(last, before, all);
        }
        double narrowed = 0;
        for (int k : all) {
            assertTrue(after.lower()[k] >= before.lower()[k] && after.upper()[k] <= before.upper()[k]);
            narrowed += (before.upper()[k] - before.lower()[k]) - (after.upper()[k] - after.lower()[k]);
        }
        assertTrue(narrowed > 0, "nothing tightened");
        SplittableRandom r = new SplittableRandom(9);
        for (int s = 0; s < 2000; s++) {
            double[] v = TestNetworks.preActivations(g, TestNetworks.point(box, r)).get(last).data();
            assertTrue(after.contains(v, 1e-9), "sample " + s);
        }
    }

    @Test
    void movingToAnotherDomainGivesTheBoundsOfAFreshLp() {
        LpSolver solver = glop();
        Graph g = TestNetworks.mlp(11, IN, 12, 3, OUT);
        Interval box = TestNetworks.box(11, IN, 1.5);
        double[] c = randomRows(11, 1)[0];
        Bounds crown = crown(g, box, new double[][] {c});
        String first = g.nodes().stream().filter(n -> n.opType().equals("Relu")).findFirst().orElseThrow().input(0);
        Interval iv = crown.intermediate().get(first);
        int unstable = 0;
        while (!(iv.lower()[unstable] < 0 && iv.upper()[unstable] > 0)) {
            unstable++;
        }
        try (PlanetLp lp = PlanetLp.build(g, box, crown.intermediate(), List.of(), solver)) {
            lp.minimise(c);
            for (boolean above : new boolean[] {true, false}) {
                List<Split> splits = List.of(new Split(first, unstable, 0, above));
                lp.moveTo(box, crown.intermediate(), splits);
                double warm = lp.minimise(c).lowerBound();
                try (PlanetLp fresh = PlanetLp.build(g, box, crown.intermediate(), splits, solver)) {
                    double cold = fresh.minimise(c).lowerBound();
                    assertEquals(cold, warm, 1e-7 * (1 + Math.abs(cold)), "above " + above);
                }
            }
        }
    }

    @Test
    void ojAlgoGivesTheSameBoundsAsGlop() {
        LpSolver glop = glop();
        for (int seed = 0; seed < 3; seed++) {
            Graph g = TestNetworks.mlp(20 + seed, IN, 8, 2, OUT);
            Interval box = TestNetworks.box(seed, IN, 1);
            double[] c = randomRows(seed, 1)[0];
            Map<String, Interval> bounds = crown(g, box, new double[][] {c}).intermediate();
            try (PlanetLp a = PlanetLp.build(g, box, bounds, List.of(), glop);
                 PlanetLp b = PlanetLp.build(g, box, bounds, List.of(), new OjAlgoLpSolver())) {
                double x = a.minimise(c).lowerBound();
                double y = b.minimise(c).lowerBound();
                assertEquals(x, y, 1e-6 * (1 + Math.abs(x)), "seed " + seed);
            }
        }
    }

    @Test
    void contradictorySplitsMakeTheDomainEmpty() {
        Graph g = TestNetworks.mlp(4, IN, 6, 2, OUT);
        Interval box = TestNetworks.box(4, IN, 1);
        Bounds crown = crown(g, box, new double[][] {{1, 0, 0}});
        String first = g.nodes().stream().filter(n -> n.opType().equals("Relu")).findFirst().orElseThrow().input(0);
        double above = crown.intermediate().get(first).upper()[0] + 1;
        try (PlanetLp lp = PlanetLp.build(g, box, crown.intermediate(), List.of(new Split(first, 0, above, true)),
            new OjAlgoLpSolver())) {
            assertTrue(lp.empty());
            assertEquals(Double.POSITIVE_INFINITY, lp.minimise(new double[] {1, 0, 0}).lowerBound());
        }
    }

    @Test
    void splitsTheLpShowsContradictoryGiveAnEmptyDomainBound() {
        LpSolver solver = glop();
        Graph g = TestNetworks.mlp(6, IN, 8, 2, OUT);
        Interval box = TestNetworks.box(6, IN, 2);
        Bounds crown = crown(g, box, new double[][] {{1, 0, 0}});
        List<String> reluInputs = g.nodes().stream().filter(n -> n.opType().equals("Relu")).map(n -> n.input(0)).toList();
        String second = reluInputs.get(1);
        Interval iv = crown.intermediate().get(second);
        int[] all = java.util.stream.IntStream.range(0, iv.size()).toArray();
        Interval lpRange;
        try (PlanetLp lp = PlanetLp.build(g, box, crown.intermediate(), List.of(), solver)) {
            lpRange = lp.tighten(second, iv, all);
        }
        int k = 0;
        while (!(lpRange.upper()[k] < iv.upper()[k] - 1e-3)) {
            k++;
        }
        // above the LP's maximum but inside the interval: only the LP sees the contradiction
        Split beyond = new Split(second, k, (lpRange.upper()[k] + iv.upper()[k]) / 2, true);
        try (PlanetLp lp = PlanetLp.build(g, box, crown.intermediate(), List.of(beyond), solver)) {
            assertFalse(lp.empty());
            LpBound b = lp.minimise(new double[] {1, 0, 0});
            assertEquals(LpStatus.INFEASIBLE, b.status());
            assertEquals(Double.POSITIVE_INFINITY, b.lowerBound());
        }
    }

    @Test
    void unsupportedOperatorsAreNamed() {
        RandomGraphs t = new RandomGraphs(1);
        Graph g = t.build(Shape.of(1, IN), t.node("Sigmoid", t.linear("x", IN, 4)));
        NoRelaxationException e = assertThrows(NoRelaxationException.class,
            () -> PlanetLp.build(g, TestNetworks.box(1, IN, 1), Map.of(), List.of(), new OjAlgoLpSolver()));
        assertTrue(e.getMessage().contains("Sigmoid node"), e.getMessage());
        assertFalse(e.getMessage().contains("null"));
    }
}
