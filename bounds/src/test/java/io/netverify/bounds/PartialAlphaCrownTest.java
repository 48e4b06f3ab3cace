package io.netverify.bounds;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * alpha-CROWN cut short (deterministically, by a step budget or a deadline already past) keeps what
 * it optimised: its bounds are sound by sampling, final and intermediate, and never looser than the
 * CROWN bounds it started from.
 */
class PartialAlphaCrownTest {
    private static final long[] BUDGETS = {0, 4, 25, 60};

    /** Affine -> Linear -> Relu -> Linear -> Relu -> Linear -> Relu -> Linear. */
    private static Graph mlp(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Affine", "x", r.constant(r.gaussian(1, 6)), r.constant(r.gaussian(0.1, 6)));
        h = r.node("Relu", r.linear(h, 6, 14));
        h = r.node("Relu", r.linear(h, 14, 14));
        h = r.node("Relu", r.linear(h, 14, 10));
        return r.build(Shape.of(1, 6), r.linear(h, 10, 4));
    }

    /** Conv -> Relu -> strided Conv -> Relu -> Flatten -> Linear -> Relu -> Linear. */
    private static Graph conv(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        Attributes same = Attributes.EMPTY.with("pads", new long[] {1, 1, 1, 1});
        String h = r.node("Relu", r.node("Conv", same, "x", r.constant(r.gaussian(0.5, 3, 2, 3, 3)),
            r.constant(r.gaussian(0.1, 3))));
        h = r.node("Relu", r.node("Conv", same.with("strides", new long[] {2, 2}), h, r.constant(r.gaussian(0.4, 4, 3, 3, 3)),
            r.constant(r.gaussian(0.1, 4))));
        h = r.node("Relu", r.linear(r.node("Flatten", h), 16, 8));
        return r.build(Shape.of(1, 2, 4, 4), r.linear(h, 8, 4));
    }

    private static final double[][] C = {{1, -1, 0, 0}, {0, 1, 0, -1}, {0.5, 0, -1, 0}};
    private static final double[] D = {0.1, 0, -0.2};

    @Test
    void cutShortAlphaCrownIsSoundAndNeverLooserThanCrown() {
        double gain = 0;
        for (int seed = 0; seed < 6; seed++) {
            Graph g = seed % 2 == 0 ? mlp(600 + seed) : conv(600 + seed);
            int n = g.inputs().get(0).shape().size();
            Interval box = new RandomGraphs(700 + seed).box(n, 1.5);
            Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, C, D);
            for (long budget : BUDGETS) {
                Bounds partial = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).alphaSteps(budget)
                    .keepPartial(crown, Long.MAX_VALUE).compute(box, C, D);
                String where = "seed " + seed + " budget " + budget;
                assertEquals(BoundMethod.ALPHA_CROWN, partial.method(), where);
                if (budget == 0) {
                    assertTrue(partial.partial(), where);
                }
                SoundnessCheck.check(g, box, C, D, partial, 300, seed);
                intermediateSound(g, box, partial.intermediate(), 300, seed, where);
                gain += notLooser(crown, partial, where);
            }
        }
        assertTrue(gain > 0, "a cut-short optimisation should have tightened something");
    }

    /** With its deadline already past, alpha-CROWN keeps CROWN's bounds (tightened only), and with the final pass's too. */
    @Test
    void aDeadlineAlreadyPastKeepsCrownsBounds() {
        for (int seed = 0; seed < 4; seed++) {
            Graph g = seed % 2 == 0 ? mlp(800 + seed) : conv(800 + seed);
            Interval box = new RandomGraphs(900 + seed).box(g.inputs().get(0).shape().size(), 1.0);
            Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, C, D);
            long past = System.nanoTime() - 1;
            for (long finalDeadline : new long[] {Long.MAX_VALUE, past}) {
                Bounds b = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).deadline(past)
                    .keepPartial(crown, finalDeadline).compute(box, C, D);
                String where = "seed " + seed + (finalDeadline == past ? ", final pass cut" : "");
                assertTrue(b.partial(), where);
                assertEquals(BoundMethod.ALPHA_CROWN, b.method(), where);
                assertEquals(finalDeadline == past, b.inputCoefficients() == null, where);
                SoundnessCheck.check(g, box, C, D, b, 200, seed);
                intermediateSound(g, box, b.intermediate(), 200, seed, where);
                notLooser(crown, b, where);
            }
        }
    }

    /** Without a cut the same call is plain alpha-CROWN, sound and not marked partial. */
    @Test
    void anUncutRunIsNotPartial() {
        Graph g = mlp(1000);
        Interval box = new RandomGraphs(1001).box(6, 1.0);
        Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, C, D);
        Bounds b = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).keepPartial(crown, Long.MAX_VALUE).compute(box, C, D);
        assertFalse(b.partial());
        SoundnessCheck.check(g, box, C, D, b, 300, 1);
        notLooser(crown, b, "uncut");
    }

    /**
     * Asserts every bound of b (rows and intermediate values) is at least as tight as CROWN's; returns
     * how much tighter in all.
     */
    private static double notLooser(Bounds crown, Bounds b, String where) {
        double gain = 0;
        for (int k = 0; k < crown.lower().length; k++) {
            assertTrue(b.lower()[k] >= crown.lower()[k] && b.upper()[k] <= crown.upper()[k], where + " row " + k);
            gain += b.lower()[k] - crown.lower()[k] + crown.upper()[k] - b.upper()[k];
        }
        for (Map.Entry<String, Interval> e : crown.intermediate().entrySet()) {
            Interval mine = b.intermediate().get(e.getKey());
            for (int i = 0; i < mine.size(); i++) {
                assertTrue(mine.lower()[i] >= e.getValue().lower()[i] && mine.upper()[i] <= e.getValue().upper()[i],
                    where + " " + e.getKey() + "[" + i + "]");
                gain += mine.lower()[i] - e.getValue().lower()[i] + e.getValue().upper()[i] - mine.upper()[i];
            }
        }
        return gain;
    }

    /** Every value of the network at sampled points of the box (and its corners) lies in its interval. */
    private static void intermediateSound(Graph g, Interval box, Map<String, Interval> bounds, int samples, long seed,
                                          String where) {
        Evaluator ev = new Evaluator(g);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = box.size();
        for (int s = 0; s < samples; s++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double t = s < 2 ? s : rnd.nextDouble();
                x[i] = box.lower()[i] + t * (box.upper()[i] - box.lower()[i]);
            }
            Map<String, Tensor> values = ev.run(Map.of(g.inputs().get(0).name(), Tensor.of(g.inputs().get(0).shape(), x)));
            for (Map.Entry<String, Interval> e : bounds.entrySet()) {
                Tensor v = values.get(e.getKey());
                if (v != null && !g.isConstant(e.getKey()) && !e.getValue().contains(v.data(), 0)) {
                    fail(where + ": value " + e.getKey() + " at sample " + s + " leaves its interval");
                }
            }
        }
    }
}
