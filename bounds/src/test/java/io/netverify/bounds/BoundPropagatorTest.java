package io.netverify.bounds;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundPropagatorTest {
    /** x -> Affine -> Linear -> Relu -> Linear -> Relu -> Linear, with a residual-free MLP shape. */
    private static Graph mlp(RandomGraphs r, int in, int hidden, int out) {
        String x = r.node("Affine", "x", r.constant(r.gaussian(1, in)), r.constant(r.gaussian(0.1, in)));
        String h = r.node("Relu", r.linear(x, in, hidden));
        h = r.node("Relu", r.linear(h, hidden, hidden));
        return r.build(Shape.of(1, in), r.linear(h, hidden, out));
    }

    @Test
    void ibpAndCrownAreSoundOnRandomMlps() {
        for (int seed = 0; seed < 20; seed++) {
            RandomGraphs r = new RandomGraphs(seed);
            Graph g = mlp(r, 5, 12, 3);
            Interval box = r.box(5, seed % 2 == 0 ? 0.2 : 2);
            double[][] c = SoundnessCheck.identity(3);
            double[] d = new double[3];
            for (BoundMethod m : BoundMethod.values()) {
                Bounds b = BoundPropagator.of(g).method(m).compute(box, c, d);
                SoundnessCheck.check(g, box, c, d, b, 2000, seed);
            }
        }
    }

    /**
     * CROWN skips its pass for values whose interval is already exact (a Linear of the input after an
     * Affine), and only those: there the intermediate bounds equal a CROWN pass's; after two Linear
     * layers in a row intervals are looser, and CROWN's are tighter than IBP's from the same first layer.
     */
    @Test
    void crownSkipsItsPassOnlyWhereIntervalsAreExact() {
        double ibpExcess = 0;
        for (int seed = 0; seed < 6; seed++) {
            RandomGraphs r = new RandomGraphs(300 + seed);
            String first = firstLayer(r);
            String second = r.linear(r.linear(r.node("Relu", first), 8, 8), 8, 8);
            Graph g = r.build(Shape.of(1, 5), r.linear(r.node("Relu", second), 8, 2));
            Interval box = r.box(5, 1.0);
            BoundPropagator p = BoundPropagator.of(g);
            assertTrue(p.intervalExact(first));
            assertFalse(p.intervalExact(second));
            Bounds b = p.method(BoundMethod.CROWN).compute(box, SoundnessCheck.identity(2), new double[2]);
            double[] pass = unitRowPass(g, first, box, b);
            Interval iv = b.intermediate().get(first);
            for (int i = 0; i < 8; i++) {
                assertEquals(pass[i], iv.lower()[i], 1e-9 * (1 + Math.abs(pass[i])), "lower " + i);
                assertEquals(-pass[8 + i], iv.upper()[i], 1e-9 * (1 + Math.abs(pass[8 + i])), "upper " + i);
            }
            Interval ibp = BoundPropagator.of(g).method(BoundMethod.IBP).compute(box).intermediate().get(second);
            Interval crown = b.intermediate().get(second);
            for (int i = 0; i < 8; i++) {
                ibpExcess += (ibp.upper()[i] - ibp.lower()[i]) - (crown.upper()[i] - crown.lower()[i]);
            }
        }
        assertTrue(ibpExcess > 0, "two linear layers in a row: intervals should be looser than CROWN");
    }

    /**
     * A ReLU of an exact interval is exact too: the Sigmoid reading it gets the interval (never looser
     * than a CROWN pass of the ReLU, which it replaces), while a ReLU after two Linear layers is not
     * exact; over an l_2 ball nothing is skipped (the interval of the ball's box is not its range, and
     * CROWN's bounds of the first layer are tighter than it). Bounds sampled sound.
     */
    @Test
    void reluOfAnExactIntervalIsExactOverBoxesOnly() {
        double ballGain = 0;
        for (int seed = 0; seed < 6; seed++) {
            RandomGraphs r = new RandomGraphs(400 + seed);
            Interval box = r.box(5, 1.0);
            String first = firstLayer(r);
            String relu = r.node("Relu", first);
            String deep = r.node("Relu", r.linear(r.linear(r.node("Sigmoid", relu), 8, 8), 8, 8));
            Graph g = r.build(Shape.of(1, 5), r.linear(r.node("Sigmoid", deep), 8, 2));
            BoundPropagator p = BoundPropagator.of(g);
            assertTrue(p.intervalExact(relu));
            assertFalse(p.intervalExact(deep));
            double[][] c = SoundnessCheck.identity(2);
            Bounds b = p.method(BoundMethod.CROWN).compute(box, c, new double[2]);
            double[] pass = unitRowPass(g, relu, box, b);
            Interval iv = b.intermediate().get(relu);
            Interval ibp = BoundPropagator.of(g).method(BoundMethod.IBP).compute(box).intermediate().get(relu);
            for (int i = 0; i < 8; i++) {
                assertTrue(iv.lower()[i] >= pass[i] - 1e-9 * (1 + Math.abs(pass[i])), "lower " + i);
                assertTrue(iv.upper()[i] <= -pass[8 + i] + 1e-9 * (1 + Math.abs(pass[8 + i])), "upper " + i);
                assertEquals(ibp.lower()[i], iv.lower()[i], 1e-12 * (1 + Math.abs(ibp.lower()[i])), "interval lower " + i);
                assertEquals(ibp.upper()[i], iv.upper()[i], 1e-12 * (1 + Math.abs(ibp.upper()[i])), "interval upper " + i);
            }
            SoundnessCheck.check(g, box, c, new double[2], b, 2000, seed);
            SoundnessCheck.check(g, box, c, new double[2], BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN)
                .compute(box, c, new double[2]), 2000, seed);
            double[] centre = new double[5];
            for (int i = 0; i < 5; i++) {
                centre[i] = (box.lower()[i] + box.upper()[i]) / 2;
            }
            java.util.List<InputSet> ball = java.util.List.of(InputSet.ball(InputSet.Norm.L2, centre, 0.5));
            Interval crownBall = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(ball).intermediate().get(first);
            Interval ibpBall = BoundPropagator.of(g).method(BoundMethod.IBP).compute(ball).intermediate().get(first);
            for (int i = 0; i < 8; i++) {
                ballGain += (ibpBall.upper()[i] - ibpBall.lower()[i]) - (crownBall.upper()[i] - crownBall.lower()[i]);
            }
        }
        assertTrue(ballGain > 0, "over a ball CROWN should bound the first layer tighter than its box's interval");
    }

    /** A Linear layer (5 -> 8) of an Affine of the input x (5 elements): its interval is exact. */
    private static String firstLayer(RandomGraphs r) {
        return r.linear(r.node("Affine", "x", r.constant(r.gaussian(1, 5)), r.constant(r.gaussian(0.1, 5))), 5, 8);
    }

    /** Lower bounds of e_i then -e_i (i < 8) on value v by one CROWN pass over b's intermediate bounds. */
    private static double[] unitRowPass(Graph g, String v, Interval box, Bounds b) {
        double[] rows = new double[2 * 8 * 8];
        BoundPropagator.unitRows(java.util.stream.IntStream.range(0, 8).toArray(), 8, rows, 0);
        return BackwardPass.lowerBounds(g, v, rows, 16, box, b.intermediate()::get, new RoundingError(g, box), Long.MAX_VALUE);
    }

    @Test
    void alphaCrownIsNeverLooserThanCrownAndUsuallyTighter() {
        double gain = 0;
        for (int seed = 0; seed < 10; seed++) {
            RandomGraphs r = new RandomGraphs(200 + seed);
            Graph g = mlp(r, 6, 16, 4);
            Interval box = r.box(6, 1.0);
            Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box);
            Bounds alpha = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).compute(box);
            for (int k = 0; k < 4; k++) {
                assertTrue(alpha.lower()[k] >= crown.lower()[k] && alpha.upper()[k] <= crown.upper()[k], "row " + k);
                gain += (crown.upper()[k] - crown.lower()[k]) - (alpha.upper()[k] - alpha.lower()[k]);
            }
        }
        assertTrue(gain > 0, "alpha-CROWN tightened nothing");
    }

    @Test
    void crownIsTighterThanIbpOnAverage() {
        double ibpWidth = 0;
        double crownWidth = 0;
        for (int seed = 0; seed < 10; seed++) {
            RandomGraphs r = new RandomGraphs(100 + seed);
            Graph g = mlp(r, 6, 16, 4);
            Interval box = r.box(6, 0.5);
            Bounds ibp = BoundPropagator.of(g).method(BoundMethod.IBP).compute(box);
            Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box);
            for (int k = 0; k < 4; k++) {
                ibpWidth += ibp.upper()[k] - ibp.lower()[k];
                crownWidth += crown.upper()[k] - crown.lower()[k];
            }
        }
        assertTrue(crownWidth < ibpWidth, "CROWN " + crownWidth + " vs IBP " + ibpWidth);
    }

    @Test
    void aPassedDeadlineFallsBackToSoundIntervalBounds() {
        RandomGraphs r = new RandomGraphs(5);
        Graph g = mlp(r, 5, 12, 3);
        Interval box = r.box(5, 1.0);
        double[][] c = SoundnessCheck.identity(3);
        double[] d = new double[3];
        Bounds ibp = BoundPropagator.of(g).method(BoundMethod.IBP).compute(box, c, d);
        for (BoundMethod m : new BoundMethod[] {BoundMethod.CROWN, BoundMethod.ALPHA_CROWN}) {
            Bounds late = BoundPropagator.of(g).method(m).deadline(System.nanoTime() - 1).compute(box, c, d);
            assertTrue(late.method() == BoundMethod.IBP, m + " ignored the deadline");
            assertTrue(java.util.Arrays.equals(ibp.lower(), late.lower()) && java.util.Arrays.equals(ibp.upper(), late.upper()));
            SoundnessCheck.check(g, box, c, d, late, 500, 5);
        }
        Bounds onTime = BoundPropagator.of(g).method(BoundMethod.CROWN).deadline(System.nanoTime() + 60_000_000_000L)
            .compute(box, c, d);
        assertTrue(onTime.method() == BoundMethod.CROWN);
    }
}
